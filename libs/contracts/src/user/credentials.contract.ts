import { IsBoolean, IsEmail, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { defineCommand } from '../contract';
import { IsSealedFor } from '../sealed';
import type { UserStatus } from './users.contract';

/** Sign-in asks the user service, which holds the password hashes, to check a password. */
export class VerifyCredentialsRequest {
  @IsEmail()
  @MaxLength(320)
  email!: string;

  /** Sealed for the user service (1 to 1024 characters in clear, NFKC-normalised by auth). */
  @IsSealedFor('user')
  password!: string;
}

/**
 * One answer for every failure (unknown address, no password, wrong password), reached in about
 * the same time. `userId` and `status` are for auth's records only and never leave it over HTTP.
 */
export interface VerifyCredentialsResponse {
  valid: boolean;
  /** Set when the address matched an account, even if the password did not. */
  userId: string | null;
  status: UserStatus | null;
  /** Whether the account's address is proven; false restricts its access tokens. */
  emailVerified?: boolean;
}

/** Read-only, so callers may retry it. */
export const VERIFY_CREDENTIALS = defineCommand<VerifyCredentialsRequest, VerifyCredentialsResponse>(
  'user.credentials.verify.v1',
  VerifyCredentialsRequest,
);

/** `reset`: a used reset link; `change`: the signed-in owner, who confirmed the current password. */
export const PASSWORD_SET_REASONS = ['reset', 'change'] as const;
export type PasswordSetReason = (typeof PASSWORD_SET_REASONS)[number];

/**
 * Auth has proven the right to set a new password (a used reset link, or the signed-in owner's
 * current password) and checked the policy; the user service checks it again, hashes it, ends
 * the account's sessions (a change may keep the caller's, or all) and audits the change.
 */
export class SetPasswordRequest {
  @IsUUID()
  userId!: string;

  /** Sealed for the user service (8 to 128 characters in clear, NFKC-normalised by auth). */
  @IsSealedFor('user')
  password!: string;

  @IsIn(PASSWORD_SET_REASONS)
  reason!: PasswordSetReason;

  /** A change: the caller's session (the access token's `sid`), which stays signed in. */
  @IsOptional()
  @IsUUID()
  keepSessionId?: string;

  /** A change: false keeps every session (the owner asked to); true or absent ends the others. */
  @IsOptional()
  @IsBoolean()
  endOtherSessions?: boolean;
}

export interface SetPasswordResponse {
  /** ISO 8601: when the password took effect. */
  changedAt: string;
}

/** Retrying sets the same password again, so callers may retry it. */
export const SET_PASSWORD = defineCommand<SetPasswordRequest, SetPasswordResponse>(
  'user.credentials.set-password.v1',
  SetPasswordRequest,
);
