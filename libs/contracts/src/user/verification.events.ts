import { IsEmail, IsInt, IsISO8601, IsUUID, Min } from 'class-validator';
import { defineEvent } from '../contract';

/**
 * The account's address was verified for the first time (its link, a completed password reset,
 * or an administrator). Until then anyone could have registered it, so whatever the account
 * gained before is dropped: here its API keys and sessions (counts below); the auth service,
 * on this event, removes identity-provider links, second factors, trusted devices and sign-ins.
 */
export class UserEmailVerifiedEvent {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  @IsInt()
  @Min(0)
  apiKeysRemoved!: number;

  @IsInt()
  @Min(0)
  sessionsEnded!: number;

  @IsISO8601()
  occurredAt!: string;
}

export const USER_EMAIL_VERIFIED = defineEvent<UserEmailVerifiedEvent>(
  'user.email-verified.v1',
  UserEmailVerifiedEvent,
);
