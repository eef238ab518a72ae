import { Injectable } from '@nestjs/common';
import { isNotificationCategory } from './preferences.types';
import { quietPeriodEnd } from './quiet-hours';
import { UserPreferencesRepository } from './user-preferences.repository';
import type { Channel, Priority } from '../notifications/notifications.types';

export interface DeliveryPolicyInput {
  userId: string;
  channel: Channel;
  category: string;
  priority: Priority;
  now: Date;
}

export interface DeliveryDecision {
  allowed: boolean;
  /** Why it is not allowed: CHANNEL_DISABLED or CATEGORY_DISABLED. */
  reason?: string;
  /** Allowed, but not before this instant (the end of the user's quiet hours). */
  deferUntil?: Date;
}

/** Notices about the account's safety reach the user whatever they chose. */
const ALWAYS_ON_CATEGORY = 'SECURITY';

/**
 * Whether, and when, a notification may go to a user on a channel, by the preferences the user
 * service projects here. No stored choice means the category's default: on.
 */
@Injectable()
export class DeliveryPolicyService {
  constructor(private readonly preferences: UserPreferencesRepository) {}

  /** SECURITY category and urgent priority cannot be switched off; urgent ignores quiet hours. */
  async evaluate(input: DeliveryPolicyInput): Promise<DeliveryDecision> {
    if (input.priority === 'urgent') return { allowed: true };
    const category = input.category.toUpperCase();
    const [choice, settings] = await Promise.all([
      isNotificationCategory(category)
        ? this.preferences.findChoice(input.userId, input.channel, category)
        : Promise.resolve(null),
      this.preferences.findSettings(input.userId),
    ]);
    if (choice && category !== ALWAYS_ON_CATEGORY) {
      if (choice.frequency === 'never') return { allowed: false, reason: 'CATEGORY_DISABLED' };
      if (!choice.enabled) return { allowed: false, reason: 'CHANNEL_DISABLED' };
    }
    if (settings?.quietHoursStart && settings.quietHoursEnd) {
      const deferUntil = quietPeriodEnd(input.now, {
        start: settings.quietHoursStart,
        end: settings.quietHoursEnd,
        timeZone: settings.timeZone ?? 'UTC',
      });
      if (deferUntil) return { allowed: true, deferUntil };
    }
    return { allowed: true };
  }
}
