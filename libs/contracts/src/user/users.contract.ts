import {
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { defineCommand } from '../contract';
import { IsSealedFor } from '../sealed';

/** What sign-up sends: the user service owns accounts and their password hashes. */
export class CreateUserRequest {
  @IsEmail()
  @MaxLength(320)
  email!: string;

  /**
   * Sealed for the user service (8 to 128 characters in clear), which hashes it. Absent for
   * an account that signs in another way (an OpenID Connect provider).
   */
  @IsOptional()
  @IsSealedFor('user')
  password?: string;

  /**
   * The caller has proof the address belongs to the person (an identity provider said so): the
   * account starts ACTIVE with its address verified and no verification e-mail is sent.
   */
  @IsOptional()
  @IsBoolean()
  emailVerified?: boolean;

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

/** Looks an account up by its id or, without one, by its address. */
export class FindAccountRequest {
  @ValidateIf((request: FindAccountRequest) => request.userId === undefined)
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ValidateIf((request: FindAccountRequest) => request.email === undefined)
  @IsUUID()
  userId?: string;
}

/** What auth needs to decide about recovery and linking; never a credential. */
export interface AccountSummary {
  userId: string;
  email: string;
  status: UserStatus;
  emailVerified: boolean;
  /** Whether the account can sign in with a password at all. */
  hasPassword: boolean;
}

/** A live (not deleted) account, or null. Read-only, so callers may retry it. */
export const FIND_ACCOUNT = defineCommand<FindAccountRequest, AccountSummary | null>(
  'user.users.find-account.v1',
  FindAccountRequest,
);
