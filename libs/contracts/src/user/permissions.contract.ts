import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { defineCommand } from '../contract';

export const PERMISSION_SCOPES = { GLOBAL: 'GLOBAL', ORG: 'ORG', TEAM: 'TEAM', USER: 'USER' } as const;
export type PermissionScope = (typeof PERMISSION_SCOPES)[keyof typeof PERMISSION_SCOPES];

/** `resource:action`, both lower-case, e.g. `users:read`. */
export const PERMISSION_FORMAT = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

export class CheckPermissionRequest {
  @IsUUID()
  userId!: string;

  @Matches(PERMISSION_FORMAT, { message: 'permission must look like resource:action' })
  @MaxLength(150)
  permission!: string;

  @IsIn(Object.values(PERMISSION_SCOPES))
  scope!: PermissionScope;

  /** The organisation, team or user the scope refers to; absent for GLOBAL. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  scopeId?: string;

  /**
   * For a TEAM scope: the organisation the team belongs to. When given, a grant in that ORG
   * scope covers the team too; without it only TEAM (and GLOBAL) grants count.
   */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  parentScopeId?: string;
}

export interface PermissionDecision {
  allowed: boolean;
  /** Why access was refused (or granted by an exception), for logs and audit, never for end users. */
  reason?: string;
  /**
   * ISO 8601: the moment this answer may change by itself (a grant that allowed it expires, or
   * one that is not yet valid starts). Caches must not keep the answer past it.
   */
  validUntil?: string;
}

/** Does this user hold this permission in this scope? Read-only, so safe to retry. */
export const CHECK_PERMISSION = defineCommand<CheckPermissionRequest, PermissionDecision>(
  'user.permissions.check.v1',
  CheckPermissionRequest,
);
