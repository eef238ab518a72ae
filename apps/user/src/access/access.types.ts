import type { PermissionScope, UserStatus } from '@orion/contracts';

export type { PermissionScope };

/** Where a user holds a permission: through a role assignment (and its parent chain) or directly. */
export interface PermissionSource {
  kind: 'ROLE' | 'DIRECT';
  /** The user_roles or user_permissions row. */
  grantId: string;
  permission: string;
  /** The role assigned to the user (ROLE only). */
  role?: { id: string; slug: string };
  /**
   * Slugs from the assigned role up to the role that carries the permission itself;
   * one element when the assigned role carries it directly.
   */
  roleChain: string[];
  scope: PermissionScope;
  /** Null for GLOBAL. */
  scopeId: string | null;
  startsAt: Date;
  expiresAt: Date | null;
}

/** The question of a permission check, with the optional parent organisation of a TEAM scope. */
export interface AccessQuery {
  userId: string;
  permission: string;
  scope: PermissionScope;
  scopeId?: string;
  parentScopeId?: string;
}

export type SourceStatus = 'VALID' | 'EXPIRED' | 'NOT_YET_VALID';

/** GLOBAL rows store the nil UUID; the API shows null instead. */
export const NIL_SCOPE_ID = '00000000-0000-0000-0000-000000000000';

/** Only these accounts hold permissions; SUSPENDED, LOCKED and DEACTIVATED ones hold none. */
export const PERMISSION_HOLDING_STATUSES = [
  'ACTIVE',
  'PENDING_VERIFICATION',
] as const satisfies readonly UserStatus[];
