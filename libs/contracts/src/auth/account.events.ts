import { IsIn, IsISO8601, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../contract';
import { OptionalClientIp, OptionalClientUserAgent } from './client-context';

export const PASSWORD_CHANGE_METHODS = ['reset', 'change'] as const;
export type PasswordChangeMethod = (typeof PASSWORD_CHANGE_METHODS)[number];

/** The password of an account changed; every session was ended. The owner should hear of it. */
export class PasswordChangedEvent {
  @IsUUID()
  userId!: string;

  /** `reset`: through an e-mailed link; `change`: by the signed-in owner. */
  @IsIn(PASSWORD_CHANGE_METHODS)
  method!: PasswordChangeMethod;

  @OptionalClientIp()
  ip?: string;

  @OptionalClientUserAgent()
  userAgent?: string;

  @IsISO8601()
  occurredAt!: string;
}

/** An external identity (OpenID Connect provider) was linked to or unlinked from an account. */
export class SocialAccountChangedEvent {
  @IsUUID()
  userId!: string;

  /** The provider id as configured, e.g. "google". */
  @IsString()
  @MaxLength(32)
  provider!: string;

  @OptionalClientIp()
  ip?: string;

  @OptionalClientUserAgent()
  userAgent?: string;

  @IsISO8601()
  occurredAt!: string;
}

export const PASSWORD_CHANGED = defineEvent<PasswordChangedEvent>(
  'auth.password-changed.v1',
  PasswordChangedEvent,
);
export const SOCIAL_ACCOUNT_LINKED = defineEvent<SocialAccountChangedEvent>(
  'auth.social-account-linked.v1',
  SocialAccountChangedEvent,
);
export const SOCIAL_ACCOUNT_UNLINKED = defineEvent<SocialAccountChangedEvent>(
  'auth.social-account-unlinked.v1',
  SocialAccountChangedEvent,
);
