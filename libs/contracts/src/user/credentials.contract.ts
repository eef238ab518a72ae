import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../contract';
import type { UserStatus } from './users.contract';

/** Sign-in asks the user service, which holds the password hashes, to check a password. */
export class VerifyCredentialsRequest {
  @IsEmail()
  @MaxLength(320)
  email!: string;

  /** Plain text only in transit, already NFKC-normalised by auth. Logs redact `password`. */
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
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
}

/** Read-only, so callers may retry it. */
export const VERIFY_CREDENTIALS = defineCommand<VerifyCredentialsRequest, VerifyCredentialsResponse>(
  'user.credentials.verify.v1',
  VerifyCredentialsRequest,
);
