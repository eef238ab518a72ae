/** Where a permission applies; the id of the organisation, team or user comes with it. */
export const PERMISSION_SCOPES = ['GLOBAL', 'ORG', 'TEAM', 'USER'] as const;
export type PermissionScope = (typeof PERMISSION_SCOPES)[number];

export interface PermissionQuery {
  userId: string;
  /** `resource:action`, e.g. `users:read`. */
  permission: string;
  scope: PermissionScope;
  /** Absent for GLOBAL. */
  scopeId?: string;
}

export interface PermissionDecision {
  allowed: boolean;
  /** Why it was denied, for the problem document; never a secret. */
  reason?: string;
}

/**
 * The source of truth for permissions: the user service (roles, grants). Each app supplies an
 * implementation to SecurityModule.forRoot(); PermissionCache puts a shared cache in front of it.
 */
export abstract class PermissionChecker {
  abstract check(query: PermissionQuery): Promise<PermissionDecision>;
}
