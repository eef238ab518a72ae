import { Injectable } from '@nestjs/common';
import { Clock, keyCursor, Page, toPage } from '@orion/core';
import type { Principal } from '@orion/security';
import { AuditAction } from '../audit/audit-action';
import type { Tx } from '../database/transaction.runner';
import { AuditService } from '../audit/audit.service';
import { GrantLimitsService } from '../access/grant-limits.service';
import { PermissionChangesService } from '../access/permission-changes.service';
import { PermissionsService } from '../permissions/permissions.service';
import {
  RoleHasChildrenError,
  RoleHierarchyCycleError,
  RoleNotFoundError,
  RoleSlugTakenError,
  SystemRoleImmutableError,
} from './roles.errors';
import { RolesRepository } from './roles.repository';
import { NewRole, Role, RoleChanges, RoleDetail } from './roles.types';
import { TransactionRunner } from '../database/transaction.runner';

/** Roles are listed by slug. */
const SLUG_CURSOR = keyCursor((slug) => slug !== '');

/**
 * Custom roles and the role tree. A change to a role reaches every user holding it or a role
 * below it, so each one invalidates every cached decision (and is announced per affected user).
 */
@Injectable()
export class RolesService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly permissions: PermissionsService,
    private readonly audit: AuditService,
    private readonly changes: PermissionChangesService,
    private readonly limits: GrantLimitsService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async list(limit: number, cursor?: string): Promise<Page<Role>> {
    const rows = await this.roles.page(SLUG_CURSOR.decode(cursor) ?? null, limit + 1);
    return toPage(rows, limit, (r) => SLUG_CURSOR.encode(r.slug));
  }

  async get(id: string): Promise<RoleDetail> {
    const role = await this.find(id);
    const [ancestors, effectivePermissions] = await Promise.all([
      this.roles.ancestors(id),
      this.roles.effectivePermissions(id),
    ]);
    return { ...role, ancestors: ancestors.map((a) => a.slug), effectivePermissions };
  }

  async create(input: NewRole, actor: Principal): Promise<RoleDetail> {
    if (await this.roles.slugTaken(input.slug)) throw new RoleSlugTakenError(input.slug);
    if (input.parentId) await this.ensureMayHandOut(input.parentId, actor);
    const created = await this.transactions.run(async (tx) => {
      if (input.isDefault) await this.roles.lockDefault(tx);
      const role = await this.roles.create(input, tx);
      if (input.isDefault) await this.clearOtherDefaults(role.id, actor, tx);
      await this.audit.record({
        action: AuditAction.CREATE,
        resourceType: 'role',
        resourceId: role.id,
        actor,
        after: role,
        tx,
      });
      return role;
    });
    return this.get(created.id);
  }

  async update(id: string, changes: RoleChanges, actor: Principal): Promise<RoleDetail> {
    const before = await this.mutable(id, changes);
    const reparent = changes.parentId !== undefined && changes.parentId !== before.parentId;
    const parentId = reparent ? changes.parentId : null;
    if (parentId) await this.ensureMayHandOut(parentId, actor);
    const makeDefault = changes.isDefault === true && !before.isDefault;
    // Every new account will hold it: as if the caller assigned it to each of them.
    if (makeDefault) await this.ensureMayHandOut(id, actor);
    await this.transactions.run(async (tx) => {
      if (makeDefault) {
        await this.roles.lockDefault(tx);
        await this.clearOtherDefaults(id, actor, tx);
      }
      if (parentId) {
        // Serialised: two concurrent re-parentings could each pass the check and close a cycle.
        await this.roles.lockHierarchy(tx);
        const above = await this.roles.ancestors(parentId, tx);
        if (parentId === id || above.some((a) => a.id === id)) {
          const parent = await this.find(parentId);
          throw new RoleHierarchyCycleError(before.slug, parent.slug);
        }
      }
      const after = await this.roles.update(id, changes, tx);
      await this.audit.record({
        action: AuditAction.UPDATE,
        resourceType: 'role',
        resourceId: id,
        actor,
        before,
        after,
        tx,
      });
      if (reparent) await this.changes.announce(await this.roles.affectedUsers(id, tx), tx);
    });
    if (reparent) await this.changes.invalidate([], true);
    return this.get(id);
  }

  async delete(id: string, actor: Principal): Promise<void> {
    const before = await this.mutable(id);
    if (await this.roles.hasLiveChildren(id)) throw new RoleHasChildrenError(before.slug);
    await this.transactions.run(async (tx) => {
      await this.roles.softDelete(id, this.clock.now(), tx);
      await this.audit.record({
        action: AuditAction.DELETE,
        resourceType: 'role',
        resourceId: id,
        actor,
        before,
        tx,
      });
      await this.changes.announce(await this.roles.affectedUsers(id, tx), tx);
    });
    await this.changes.invalidate([], true);
  }

  async addPermission(id: string, name: string, actor: Principal): Promise<RoleDetail> {
    const role = await this.mutable(id);
    const permission = await this.permissions.byName(name);
    await this.limits.ensureHolds(actor, [permission.name]);
    await this.changePermissions(role, actor, (tx) => this.roles.addPermission(id, permission.id, tx), {
      added: permission.name,
    });
    return this.get(id);
  }

  async removePermission(id: string, name: string, actor: Principal): Promise<RoleDetail> {
    const role = await this.mutable(id);
    const permission = await this.permissions.byName(name);
    await this.changePermissions(role, actor, (tx) => this.roles.removePermission(id, permission.id, tx), {
      removed: permission.name,
    });
    return this.get(id);
  }

  private async changePermissions(
    role: Role,
    actor: Principal,
    change: (tx: Tx) => Promise<boolean>,
    what: { added?: string; removed?: string },
  ): Promise<void> {
    const changed = await this.transactions.run(async (tx) => {
      if (!(await change(tx))) return false;
      const after = await this.roles.find(role.id, tx);
      await this.audit.record({
        action: what.added ? AuditAction.PERMISSION_GRANT : AuditAction.PERMISSION_REVOKE,
        resourceType: 'role',
        resourceId: role.id,
        actor,
        before: { permissions: role.permissions },
        after: { permissions: after?.permissions ?? [] },
        metadata: what,
        tx,
      });
      await this.changes.announce(await this.roles.affectedUsers(role.id, tx), tx);
      return true;
    });
    if (changed) await this.changes.invalidate([], true);
  }

  /** At most one role is the default: the one `roleId` replaces stops being it, audited each. */
  private async clearOtherDefaults(roleId: string, actor: Principal, tx: Tx): Promise<void> {
    for (const previous of await this.roles.defaults(tx)) {
      if (previous.id === roleId) continue;
      await this.roles.update(previous.id, { isDefault: false }, tx);
      await this.audit.record({
        action: AuditAction.UPDATE,
        resourceType: 'role',
        resourceId: previous.id,
        actor,
        before: { isDefault: true },
        after: { isDefault: false },
        metadata: { defaultRoleId: roleId },
        tx,
      });
    }
  }

  /**
   * A new parent hands all its permissions down, a default role to every new account: either
   * way the caller must hold each of the role's effective permissions.
   */
  private async ensureMayHandOut(roleId: string, actor: Principal): Promise<void> {
    await this.find(roleId);
    const inherited = await this.roles.effectivePermissions(roleId);
    await this.limits.ensureHolds(
      actor,
      inherited.map((p) => p.permission),
    );
  }

  private async find(id: string): Promise<Role> {
    const role = await this.roles.find(id);
    if (!role) throw new RoleNotFoundError(id);
    return role;
  }

  /**
   * Custom roles change freely. Of a system role only isDefault may change: which role new
   * accounts receive is the deployment's choice, and the product's default must stay reachable.
   */
  private async mutable(id: string, changes?: RoleChanges): Promise<Role> {
    const role = await this.find(id);
    const onlyDefault =
      changes?.isDefault !== undefined &&
      Object.entries(changes).every(([field, value]) => field === 'isDefault' || value === undefined);
    if (role.type === 'SYSTEM' && !onlyDefault) throw new SystemRoleImmutableError(role.slug);
    return role;
  }
}
