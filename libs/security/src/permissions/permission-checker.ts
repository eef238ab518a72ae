import type { CheckPermissionRequest, PermissionDecision, PermissionScope } from '@orion/contracts';

export type { PermissionDecision, PermissionScope } from '@orion/contracts';

/** The question a permission check asks; the same shape the user service's contract takes. */
export type PermissionQuery = Pick<
  CheckPermissionRequest,
  'userId' | 'permission' | 'scopeId' | 'parentScopeId'
> & {
  scope: PermissionScope;
};

/**
 * The source of truth for permissions: the user service (roles, grants). Each app supplies an
 * implementation to SecurityModule.forRoot(); PermissionCache puts a shared cache in front of it.
 */
export abstract class PermissionChecker {
  abstract check(query: PermissionQuery): Promise<PermissionDecision>;
}
