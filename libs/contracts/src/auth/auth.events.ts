import { IsEmail, IsIn, IsISO8601, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';
import { defineEvent } from '../contract';
import { OptionalClientIp, OptionalClientUserAgent } from './client-context';

/** Carries the link to send; logs redact `resetUrl` because it holds the reset token. */
export class PasswordResetRequestedEvent {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  @IsUrl({ require_tld: false, require_protocol: true })
  @MaxLength(2048)
  resetUrl!: string;

  @IsISO8601()
  expiresAt!: string;

  @IsISO8601()
  occurredAt!: string;
}

/** A rotated refresh token came back: its whole family was revoked; the owner should know. */
export class RefreshTokenReusedEvent {
  @IsUUID()
  userId!: string;

  @IsString()
  @MaxLength(128)
  familyId!: string;

  @OptionalClientIp()
  ip?: string;

  @OptionalClientUserAgent()
  userAgent?: string;

  @IsISO8601()
  occurredAt!: string;
}

export const TWO_FACTOR_CHANNELS = ['email', 'sms'] as const;
export type TwoFactorChannel = (typeof TWO_FACTOR_CHANNELS)[number];

/** A one-time code to deliver now; logs redact `oneTimeCode`. */
export class TwoFactorCodeRequestedEvent {
  @IsUUID()
  userId!: string;

  @IsIn(TWO_FACTOR_CHANNELS)
  channel!: TwoFactorChannel;

  /** The e-mail address or phone number to deliver to. */
  @IsString()
  @MaxLength(320)
  destination!: string;

  @Matches(/^[0-9]{6,8}$/)
  oneTimeCode!: string;

  @IsISO8601()
  expiresAt!: string;

  @IsISO8601()
  occurredAt!: string;
}

export const PASSWORD_RESET_REQUESTED = defineEvent<PasswordResetRequestedEvent>(
  'auth.password-reset-requested.v1',
  PasswordResetRequestedEvent,
);
export const REFRESH_TOKEN_REUSED = defineEvent<RefreshTokenReusedEvent>(
  'auth.refresh-token-reused.v1',
  RefreshTokenReusedEvent,
);
export const TWO_FACTOR_CODE_REQUESTED = defineEvent<TwoFactorCodeRequestedEvent>(
  'auth.two-factor-code-requested.v1',
  TwoFactorCodeRequestedEvent,
);
