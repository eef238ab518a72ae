import { IsEmail, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineCommand, defineEvent } from '../contract';
import { IsSealedFor } from '../sealed';

/** Sign-up: an account for an address, with a password, waiting for the address to be verified. */
export class RegisterUserRequest {
  @IsEmail()
  @MaxLength(320)
  email!: string;

  /**
   * Sealed by auth for the user service (already NFKC-normalised and policy-checked): never in
   * clear on Redis. The user service opens it and checks the policy again.
   */
  @IsSealedFor('user')
  password!: string;

  @IsOptional()
  @IsString()
  @MaxLength(150)
  displayName?: string;
}

/**
 * The same answer, after the same work, whether the address was new (an account now waits for
 * its verification) or taken (its owner is told): the caller cannot tell which.
 */
export interface RegistrationAccepted {
  accepted: true;
}

/** Not retried: a timeout does not tell whether the account was created. */
export const REGISTER_USER = defineCommand<RegisterUserRequest, RegistrationAccepted>(
  'user.users.register.v1',
  RegisterUserRequest,
);

/**
 * Someone signed up with an address that already has an account: only its owner is told (the
 * sign-up answer is the same as for a new address).
 */
export class UserRegistrationAttemptedEvent {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  @IsISO8601()
  occurredAt!: string;
}

export const USER_REGISTRATION_ATTEMPTED = defineEvent<UserRegistrationAttemptedEvent>(
  'user.registration-attempted.v1',
  UserRegistrationAttemptedEvent,
);
