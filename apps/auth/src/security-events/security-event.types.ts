export type SecuritySeverity = 'info' | 'warning' | 'critical';

/** Names of what this service records; an open set kept in one place. */
export const SECURITY_EVENT_TYPES = {
  tokenReuseDetected: 'token.reuse_detected',
  newDeviceSignIn: 'sign_in.new_device',
  signInBlocked: 'sign_in.blocked',
  accountLocked: 'account.locked',
  accountUnlocked: 'account.unlocked',
  deviceTrusted: 'device.trusted',
  deviceUntrusted: 'device.untrusted',
  deviceRevoked: 'device.revoked',
  sessionSteppedUp: 'session.stepped_up',
  passwordChanged: 'password.changed',
  emailChangeUndone: 'account.email_change_undone',
  secondFactorFailures: 'sign_in.second_factor_failures',
  rateLimitsCleared: 'rate_limits.cleared',
  preVerificationAccessRemoved: 'account.pre_verification_access_removed',
} as const;

export interface NewSecurityEvent {
  userId: string | null;
  type: string;
  severity: SecuritySeverity;
  ipAddress?: string;
  userAgent?: string;
  deviceId?: string | null;
  metadata?: Record<string, unknown>;
}

export interface SecurityEventView {
  id: string;
  userId: string | null;
  type: string;
  severity: string;
  ipAddress: string | null;
  userAgent: string | null;
  deviceId: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export interface SecurityEventFilter {
  userId?: string;
  type?: string;
}
