import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../contract';

/** What sign-up sends: the user service owns accounts and their password hashes. */
export class CreateUserRequest {
  @IsEmail()
  @MaxLength(320)
  email!: string;

  /** Plain text only in transit; the user service hashes it. Logs redact `password`. */
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;

  @IsOptional()
  @Matches(/^[a-zA-Z0-9._-]{3,50}$/, {
    message: 'username must be 3 to 50 letters, digits, dots, dashes or underscores',
  })
  username?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  firstName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(150)
  displayName?: string;
}

/**
 * Every status an account can have. Deletion and erasure are not statuses: a deleted account
 * has deletedAt set and keeps its status; an erased one is DEACTIVATED with erasedAt set.
 */
export const USER_STATUSES = [
  'PENDING_VERIFICATION',
  'ACTIVE',
  'SUSPENDED',
  'LOCKED',
  'DEACTIVATED',
] as const;

export type UserStatus = (typeof USER_STATUSES)[number];

/** A user as other services see it: no credentials. */
export interface UserView {
  id: string;
  email: string;
  username: string | null;
  status: UserStatus;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  /** ISO 8601. */
  createdAt: string;
}

/** Creates an account; not idempotent (a retry could meet its own first attempt as a conflict). */
export const CREATE_USER = defineCommand<CreateUserRequest, UserView>(
  'user.users.create.v1',
  CreateUserRequest,
);
