import type { UserPreferencesChangedEvent } from '@orion/contracts';
import { NOTIFICATION_CHANNELS } from '@orion/contracts';
import { TEMPLATE_CATEGORIES } from '../templates/templates.types';
import { ChannelChoice, ProjectedPreferences } from './preferences.types';
import { isKnownTimeZone } from './quiet-hours';

const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const FREQUENCIES = ['immediate', 'hourly', 'daily', 'weekly', 'never'];

const asObject = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

const asTimeZone = (value: unknown): string | null =>
  typeof value === 'string' && isKnownTimeZone(value) ? value : null;

/**
 * What the notification service keeps of the user service's notifications document
 * (`{ categories: { SECURITY: { channels: { EMAIL: true }, frequency } }, quietHours }`):
 * one choice per channel for every category the user set (a channel left out stays on), and
 * the quiet hours with their zone (their own, else the user's localization zone).
 * Anything this service does not know is ignored rather than rejected: the user service validated it.
 */
export function projectPreferences(event: UserPreferencesChangedEvent): ProjectedPreferences {
  const categories = asObject(event.notifications.categories);
  const choices: ChannelChoice[] = [];
  for (const category of TEMPLATE_CATEGORIES) {
    if (!(category in categories)) continue;
    const chosen = asObject(categories[category]);
    const switches = asObject(chosen.channels);
    const frequency =
      typeof chosen.frequency === 'string' && FREQUENCIES.includes(chosen.frequency)
        ? chosen.frequency
        : 'immediate';
    for (const channel of NOTIFICATION_CHANNELS) {
      const enabled = switches[channel];
      choices.push({ channel, category, enabled: typeof enabled === 'boolean' ? enabled : true, frequency });
    }
  }
  const quiet = asObject(event.notifications.quietHours);
  const hasQuietHours =
    typeof quiet.start === 'string' &&
    HH_MM.test(quiet.start) &&
    typeof quiet.end === 'string' &&
    HH_MM.test(quiet.end);
  return {
    settings: {
      userId: event.userId,
      version: event.version,
      locale: event.locale ?? null,
      timeZone: asTimeZone(quiet.timeZone) ?? asTimeZone(event.timeZone),
      quietHoursStart: hasQuietHours ? (quiet.start as string) : null,
      quietHoursEnd: hasQuietHours ? (quiet.end as string) : null,
    },
    choices,
    occurredAt: new Date(event.occurredAt),
  };
}
