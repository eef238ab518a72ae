/**
 * Alerts to the owner of an address that someone else tried to use for an account: by e-mail
 * only, to the account's address, since the account itself may be the one someone else made.
 */
import type { SocialAccountChangedEvent, UserRegistrationAttemptedEvent } from '@orion/contracts';
import type { SendNotificationCommand } from '../notifications/send-notification.usecase';
import { Trigger, triggerIdempotencyKey } from './event-notifications';

const ownerAlert = (
  trigger: Trigger,
  userId: string,
  key: string,
  variables: Record<string, unknown>,
): SendNotificationCommand => ({
  idempotencyKey: triggerIdempotencyKey(trigger.eventId),
  correlationId: trigger.eventId,
  recipient: { userId },
  template: { key },
  channels: ['EMAIL'],
  // Urgent like every security alert: quiet hours must not hold it back.
  priority: 'urgent',
  category: 'SECURITY',
  variables: { ...variables, securityUrl: `${trigger.links.appUrl}/account/security` },
});

export function registrationAttempted(
  event: UserRegistrationAttemptedEvent,
  trigger: Trigger,
): SendNotificationCommand {
  return ownerAlert(trigger, event.userId, 'security.registration-attempted', {
    attemptedAt: event.occurredAt,
    passwordResetUrl: `${trigger.links.appUrl}/password-reset`,
  });
}

export function socialSignInNotLinked(
  event: SocialAccountChangedEvent,
  trigger: Trigger,
): SendNotificationCommand {
  return ownerAlert(trigger, event.userId, 'security.social-sign-in-attempted', {
    provider: event.provider,
    attemptedAt: event.occurredAt,
    ipAddress: event.ip,
  });
}
