import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiPermissionRequired } from '@orion/core';
import { PermissionScope } from './permission-checker';

export interface PermissionRequirementOptions {
  /** Default GLOBAL. Any other scope needs exactly one of the scopeId* options. */
  scope?: PermissionScope;
  /** Route parameter holding the scope id, e.g. `orgId` in `/orgs/:orgId/invites`. */
  scopeIdParam?: string;
  /** Query-string field holding the scope id. */
  scopeIdQuery?: string;
  /** Body field holding the scope id. */
  scopeIdBody?: string;
}

export interface PermissionRequirement {
  permission: string;
  scope: PermissionScope;
  scopeId?: { source: 'params' | 'query' | 'body'; name: string };
}

export const PERMISSION_REQUIREMENT = 'orion:permission-requirement';

/**
 * The caller must hold `permission` in the given scope; checked by PermissionGuard after the
 * caller is authenticated. `@RequirePermission('members:invite', { scope: 'ORG', scopeIdParam: 'orgId' })`.
 * A method's requirement replaces its controller's. It also documents the route's 403
 * answers in OpenAPI, so the documentation cannot drift from the rule.
 */
export function RequirePermission(permission: string, options: PermissionRequirementOptions = {}) {
  return applyDecorators(
    SetMetadata(PERMISSION_REQUIREMENT, toRequirement(permission, options)),
    ApiPermissionRequired(permission),
  );
}

// Runs when the controller class is defined, so a mistake stops the service at boot.
function toRequirement(permission: string, options: PermissionRequirementOptions): PermissionRequirement {
  const scope = options.scope ?? 'GLOBAL';
  const sources = (
    [
      ['params', options.scopeIdParam],
      ['query', options.scopeIdQuery],
      ['body', options.scopeIdBody],
    ] as const
  ).filter(([, name]) => name !== undefined);
  if (scope === 'GLOBAL' && sources.length > 0) {
    throw new Error(`@RequirePermission('${permission}'): a GLOBAL permission takes no scope id`);
  }
  if (scope !== 'GLOBAL' && sources.length !== 1) {
    throw new Error(`@RequirePermission('${permission}'): scope ${scope} needs exactly one scopeId option`);
  }
  const [source] = sources;
  return {
    permission,
    scope,
    scopeId: source ? { source: source[0], name: source[1] as string } : undefined,
  };
}
