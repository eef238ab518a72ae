import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';
import { defineEvent } from '../contract';
import { IsSealedFor } from '../sealed';

/**
 * An address needs confirming: the notification service e-mails the token to `email`.
 * `token` is the secret itself (only its hash is stored), sealed for the notification service. The receiver
 * builds the link from its own front-end URL, so no URL configuration leaks into this service.
 */
export class EmailVerificationRequestedEvent {
  @IsUUID()
  userId!: string;

  /** The address to confirm, which is also the recipient: the new one during a change of address. */
  @IsEmail()
  @MaxLength(320)
  email!: string;

  /** BCP 47 language tag of the user's localization preference, e.g. `en` or `de-AT`. */
  @IsString()
  @MaxLength(35)
  locale!: string;

  /** 43 base64url characters, sealed for the notification service. */
  @IsSealedFor('notification')
  token!: string;

  /** True when `email` replaces the current address once verified. */
  @IsBoolean()
  isChangeOfAddress!: boolean;

  @IsISO8601()
  expiresAt!: string;

  @IsISO8601()
  occurredAt!: string;
}

/** A user's preferences changed: carries what the notification service projects. */
export class UserPreferencesChangedEvent {
  @IsUUID()
  userId!: string;

  /** The preferences row's version after the change; consumers ignore older ones. */
  @IsInt()
  @Min(1)
  version!: number;

  /** The notifications category as stored: `{ categories: { SECURITY: { channels, frequency } }, quietHours }`. */
  @IsObject()
  notifications!: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @MaxLength(35)
  locale?: string;

  /** IANA time zone, for quiet hours. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @IsISO8601()
  occurredAt!: string;
}

export const USER_EMAIL_VERIFICATION_REQUESTED = defineEvent<EmailVerificationRequestedEvent>(
  'user.email-verification-requested.v1',
  EmailVerificationRequestedEvent,
);
export const USER_PREFERENCES_CHANGED = defineEvent<UserPreferencesChangedEvent>(
  'user.preferences-changed.v1',
  UserPreferencesChangedEvent,
);
