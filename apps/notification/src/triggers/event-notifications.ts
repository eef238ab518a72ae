/**
 * What each event sends: pure functions from an event to the send command, so the mapping is
 * readable in one place and testable without a queue. The idempotency key is derived from the
 * event id, so a redelivered event finds its notifications instead of sending again.
 */
import type {
  AccountLockedEvent,
  EmailAddressInUseEvent,
  EmailChangedEvent,
  EmailVerificationRequestedEvent,
  NewDeviceSignedInEvent,
  PasswordChangedEvent,
  PasswordResetRequestedEvent,
  RefreshTokenReusedEvent,
  SecondFactorFailuresEvent,
  SignInBlockedEvent,
  SocialAccountChangedEvent,
  TwoFactorChangedEvent,
  TwoFactorCodeRequestedEvent,
  UserRegisteredEvent,
} from '@orion/contracts';
import type { SendNotificationCommand } from '../notifications/send-notification.usecase';
import type { TriggersConfig } from './triggers.config';

export interface Trigger {
  eventId: string;
  links: TriggersConfig;
}

export const triggerIdempotencyKey = (eventId: string): string => `event:${eventId}`;

const minutesUntil = (from: string, to: string) =>
  Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

const base = ({ eventId }: Trigger, correlationId?: string) => ({
  idempotencyKey: triggerIdempotencyKey(eventId),
  correlationId: correlationId ?? eventId,
});

/**
 * Security alerts: the owner must hear of them at once, whatever their preferences say. Urgent,
 * because quiet hours defer everything below it, and an alert that arrives the next morning
 * comes after the intruder has used the night.
 */
const securityAlert = (
  trigger: Trigger,
  userId: string,
  key: string,
  variables: Record<string, unknown>,
): SendNotificationCommand => ({
  ...base(trigger),
  recipient: { userId },
  template: { key },
  priority: 'urgent',
  category: 'SECURITY',
  variables: { ...variables, securityUrl: `${trigger.links.appUrl}/account/security` },
});

export function welcome(event: UserRegisteredEvent, trigger: Trigger): SendNotificationCommand {
  return {
    ...base(trigger),
    recipient: { userId: event.userId },
    template: { key: 'account.welcome' },
    priority: 'normal',
    // Until the address is verified the welcome asks for that instead of calling the account ready.
    variables: {
      name: event.displayName,
      signInUrl: `${trigger.links.appUrl}/sign-in`,
      emailVerified: event.emailVerified === true,
    },
  };
}

/** Goes to the address being confirmed (the new one during a change), in the user's locale. */
export function emailVerification(
  event: EmailVerificationRequestedEvent,
  trigger: Trigger,
): SendNotificationCommand {
  return {
    ...base(trigger),
    recipient: { email: event.email },
    template: { key: 'auth.email-verification', locale: event.locale },
    channels: ['EMAIL'],
    priority: 'high',
    variables: {
      verificationUrl: `${trigger.links.appUrl}/verify-email?token=${encodeURIComponent(event.token)}`,
      expiresInHours: Math.max(1, Math.round(minutesUntil(event.occurredAt, event.expiresAt) / 60)),
      isChangeOfAddress: event.isChangeOfAddress,
    },
  };
}

export function passwordReset(event: PasswordResetRequestedEvent, trigger: Trigger): SendNotificationCommand {
  return {
    ...base(trigger),
    recipient: { userId: event.userId },
    template: { key: 'auth.password-reset' },
    channels: ['EMAIL'],
    priority: 'high',
    variables: {
      resetUrl: event.resetUrl,
      expiresInMinutes: minutesUntil(event.occurredAt, event.expiresAt),
    },
  };
}

/** A sign-in is waiting on this code: the urgent lane, to exactly the address the user chose. */
export function twoFactorCode(event: TwoFactorCodeRequestedEvent, trigger: Trigger): SendNotificationCommand {
  const email = event.channel === 'email';
  return {
    ...base(trigger),
    recipient: email ? { email: event.destination } : { phone: event.destination },
    template: { key: 'auth.two-factor-code' },
    channels: [email ? 'EMAIL' : 'SMS'],
    priority: 'urgent',
    variables: { code: event.oneTimeCode, expiresInMinutes: minutesUntil(event.occurredAt, event.expiresAt) },
  };
}

export function refreshTokenReused(
  event: RefreshTokenReusedEvent,
  trigger: Trigger,
): SendNotificationCommand {
  return securityAlert(trigger, event.userId, 'security.refresh-token-reused', {
    detectedAt: event.occurredAt,
    ipAddress: event.ip,
  });
}

export function newDeviceSignedIn(event: NewDeviceSignedInEvent, trigger: Trigger): SendNotificationCommand {
  return securityAlert(trigger, event.userId, 'security.new-device-sign-in', {
    deviceName: event.deviceName,
    location: event.country ?? event.ip,
    ipAddress: event.ip,
    signedInAt: event.occurredAt,
  });
}

export function signInBlocked(event: SignInBlockedEvent, trigger: Trigger): SendNotificationCommand {
  return securityAlert(trigger, event.userId, 'security.sign-in-blocked', {
    attemptedAt: event.occurredAt,
    ipAddress: event.ip,
    location: event.country,
  });
}

export function accountLocked(event: AccountLockedEvent, trigger: Trigger): SendNotificationCommand {
  const alert = securityAlert(trigger, event.userId, 'security.account-locked', {
    failedAttempts: event.consecutiveFailures,
    lockedUntil: event.lockedUntil,
    lockedAt: event.occurredAt,
  });
  // The way out of a lock is a password reset, so the button leads there.
  return {
    ...alert,
    variables: { ...alert.variables, securityUrl: `${trigger.links.appUrl}/password-reset` },
  };
}

/** The way out is a new password, as for a lock: the button leads to the reset form. */
export function secondFactorFailures(
  event: SecondFactorFailuresEvent,
  trigger: Trigger,
): SendNotificationCommand {
  const alert = securityAlert(trigger, event.userId, 'security.second-factor-failures', {
    failedAttempts: event.failures,
    attemptedAt: event.occurredAt,
    ipAddress: event.ip,
  });
  return {
    ...alert,
    variables: { ...alert.variables, securityUrl: `${trigger.links.appUrl}/password-reset` },
  };
}

export function passwordChanged(event: PasswordChangedEvent, trigger: Trigger): SendNotificationCommand {
  return securityAlert(trigger, event.userId, 'security.password-changed', {
    changedAt: event.occurredAt,
    byReset: event.method === 'reset',
    ipAddress: event.ip,
  });
}

export function twoFactorChanged(event: TwoFactorChangedEvent, trigger: Trigger): SendNotificationCommand {
  return securityAlert(trigger, event.userId, 'security.two-factor-changed', {
    method: event.method,
    enabled: event.change === 'enabled',
    disabled: event.change === 'disabled',
    codesRegenerated: event.change === 'backup_codes_regenerated',
    codeUsed: event.change === 'backup_code_used',
    backupCodesLeft: event.backupCodesLeft,
    changedAt: event.occurredAt,
    ipAddress: event.ip,
  });
}

export function socialAccountChanged(
  linked: boolean,
): (event: SocialAccountChangedEvent, trigger: Trigger) => SendNotificationCommand {
  return (event, trigger) =>
    securityAlert(trigger, event.userId, 'security.social-account-changed', {
      provider: event.provider,
      linked,
      changedAt: event.occurredAt,
      ipAddress: event.ip,
    });
}

/** To the PREVIOUS address of a changed account, in its locale, with the link that undoes it. */
export function emailChanged(event: EmailChangedEvent, trigger: Trigger): SendNotificationCommand {
  return {
    ...base(trigger),
    recipient: { email: event.previousEmail },
    template: { key: 'security.email-changed', locale: event.locale },
    channels: ['EMAIL'],
    priority: 'urgent',
    category: 'SECURITY',
    variables: {
      newEmailMasked: event.newEmailMasked,
      changedAt: event.occurredAt,
      undoUrl: `${trigger.links.appUrl}/undo-email-change?token=${encodeURIComponent(event.token)}`,
      expiresInHours: Math.max(1, Math.round(minutesUntil(event.occurredAt, event.expiresAt) / 60)),
    },
  };
}

/** To the owner of an address another account asked for: the asker learns nothing. */
export function emailAddressInUse(event: EmailAddressInUseEvent, trigger: Trigger): SendNotificationCommand {
  return {
    ...base(trigger),
    recipient: { email: event.email },
    template: { key: 'security.email-in-use', locale: event.locale },
    channels: ['EMAIL'],
    priority: 'urgent',
    category: 'SECURITY',
    variables: { requestedAt: event.occurredAt },
  };
}
