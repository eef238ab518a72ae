import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { defineEvent } from '../contract';
import { USER_STATUSES, UserStatus } from './users.contract';

export class UserRegisteredEvent {
  @IsUUID()
  userId!: string;

  @IsEmail()
  email!: string;

  @IsOptional()
  @IsString()
  @MaxLength(150)
  displayName?: string;

  /** The address was proven at creation (social sign-in, an administrator); otherwise a verification e-mail follows. */
  @IsOptional()
  @IsBoolean()
  emailVerified?: boolean;

  @IsISO8601()
  occurredAt!: string;
}

/** Why an account stopped being usable: a status change, a (recoverable) deletion, or an erasure. */
export const USER_DISABLED_CAUSES = ['status', 'deleted', 'erased'] as const;

export type UserDisabledCause = (typeof USER_DISABLED_CAUSES)[number];

export class UserDisabledEvent {
  @IsUUID()
  userId!: string;

  /**
   * The account's status afterwards: SUSPENDED, LOCKED or DEACTIVATED after a status change;
   * unchanged after a deletion; DEACTIVATED after an erasure.
   */
  @IsIn(USER_STATUSES)
  status!: UserStatus;

  @IsIn(USER_DISABLED_CAUSES)
  cause!: UserDisabledCause;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @IsISO8601()
  occurredAt!: string;
}

/** Roles or direct permissions of a user changed: cached decisions about them are stale. */
export class UserPermissionsChangedEvent {
  @IsUUID()
  userId!: string;

  @IsISO8601()
  occurredAt!: string;
}

/** A time-limited role assignment or direct permission grant reached its expiry. */
export class UserGrantExpiredEvent {
  @IsUUID()
  userId!: string;

  /** ROLE: a role assignment (user_roles); PERMISSION: a direct grant (user_permissions). */
  @IsIn(['ROLE', 'PERMISSION'])
  kind!: 'ROLE' | 'PERMISSION';

  /** Id of the assignment or grant row. */
  @IsUUID()
  grantId!: string;

  /** Role slug or permission ("resource:action") that was held. */
  @IsString()
  @MaxLength(150)
  subject!: string;

  @IsIn(['GLOBAL', 'ORG', 'TEAM', 'USER'])
  scope!: string;

  @IsOptional()
  @IsUUID()
  scopeId?: string;

  @IsISO8601()
  expiresAt!: string;

  @IsISO8601()
  occurredAt!: string;
}

export const USER_REGISTERED = defineEvent<UserRegisteredEvent>('user.registered.v1', UserRegisteredEvent);
export const USER_DISABLED = defineEvent<UserDisabledEvent>('user.disabled.v1', UserDisabledEvent);
export const USER_PERMISSIONS_CHANGED = defineEvent<UserPermissionsChangedEvent>(
  'user.permissions-changed.v1',
  UserPermissionsChangedEvent,
);
export const USER_GRANT_EXPIRED = defineEvent<UserGrantExpiredEvent>(
  'user.grant-expired.v1',
  UserGrantExpiredEvent,
);
