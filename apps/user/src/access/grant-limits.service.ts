import { Injectable } from '@nestjs/common';
import { PermissionCache, Principal, ServicePrincipal, UserPrincipal } from '@orion/security';
import { GrantExceedsOwnPermissionsError } from './access.errors';
import { AccessRepository } from './access.repository';
import { PermissionScope } from './access.types';

/**
 * No escalation: whoever assigns a role, grants a permission or adds one to a role must hold
 * each permission involved in the same scope. Otherwise roles:assign would reach super-admin.
 * Custom permissions start out held by nobody, so those who define roles (roles:update) may hand
 * them out; the product's own (system) permissions never pass that way.
 */
@Injectable()
export class GrantLimitsService {
  constructor(
    private readonly permissions: PermissionCache,
    private readonly access: AccessRepository,
  ) {}

  async ensureHolds(
    caller: Principal,
    permissions: string[],
    scope: PermissionScope = 'GLOBAL',
    scopeId?: string,
  ): Promise<void> {
    const missing: string[] = [];
    for (const permission of new Set(permissions)) {
      if (!(await this.holds(caller, permission, scope, scopeId))) missing.push(permission);
    }
    if (missing.length === 0) return;
    const custom = (await this.holds(caller, 'roles:update', 'GLOBAL'))
      ? await this.access.customPermissions(missing)
      : [];
    const refused = missing.filter((name) => !custom.includes(name));
    if (refused.length > 0) throw new GrantExceedsOwnPermissionsError(refused.sort());
  }

  /** A user by id alone will do: what the transport passes on for another service's caller. */
  async holds(
    caller: Pick<UserPrincipal, 'kind' | 'userId'> | ServicePrincipal,
    permission: string,
    scope: PermissionScope,
    scopeId?: string,
  ): Promise<boolean> {
    if (caller.kind === 'service') return caller.scopes.includes(permission);
    const query = { userId: caller.userId, permission, scope, ...(scopeId !== undefined && { scopeId }) };
    return (await this.permissions.check(query)).allowed;
  }
}
