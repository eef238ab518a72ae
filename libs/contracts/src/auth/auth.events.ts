import { IsEmail, IsIn, IsISO8601, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../contract';
import { IsSealedFor } from '../sealed';
import { OptionalClientIp, OptionalClientUserAgent } from './client-context';

/** Carries the link to send, sealed for the notification service: it holds the reset token. */
export class PasswordResetRequestedEvent {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  /** The link (an https URL of up to 2048 characters), sealed for the notification service. */
  @IsSealedFor('notification')
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

/** A one-time code to deliver now, sealed for the notification service. */
export class TwoFactorCodeRequestedEvent {
  @IsUUID()
  userId!: string;

  @IsIn(TWO_FACTOR_CHANNELS)
  channel!: TwoFactorChannel;

  /** The e-mail address or phone number to deliver to. */
  @IsString()
  @MaxLength(320)
  destination!: string;

  /** Six to eight digits, sealed for the notification service. */
  @IsSealedFor('notification')
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
