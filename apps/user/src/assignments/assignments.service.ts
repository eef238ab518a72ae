import { Injectable } from '@nestjs/common';
import { Clock, ID_CURSOR, Page, toPage } from '@orion/core';
import type { Principal } from '@orion/security';
import { TargetUserNotFoundError } from '../access/access.errors';
import { PermissionScope } from '../access/access.types';
import { AccessVisibilityService } from '../access/access-visibility.service';
import { GrantLimitsService } from '../access/grant-limits.service';
import { PermissionChangesService } from '../access/permission-changes.service';
import { placementOf, windowOf } from '../access/scope-rules';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { PermissionsService } from '../permissions/permissions.service';
import { RolesService } from '../roles/roles.service';
import { AssignmentNotFoundError } from './assignments.errors';
import { AssignmentsRepository } from './assignments.repository';
import { PermissionGrant, RoleAssignment } from './assignments.types';
import { TransactionRunner } from '../database/transaction.runner';

export interface GrantRequest {
  scope?: PermissionScope;
  scopeId?: string;
  startsAt?: string;
  expiresAt?: string;
}

/**
 * Roles assigned to users and permissions granted to them directly, each in a scope and a time
 * window. Whoever assigns or revokes must hold every permission involved in that scope.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly roles: RolesService,
    private readonly permissions: PermissionsService,
    private readonly audit: AuditService,
    private readonly changes: PermissionChangesService,
    private readonly limits: GrantLimitsService,
    private readonly visibility: AccessVisibilityService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async listRoles(
    caller: Principal,
    userId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<RoleAssignment>> {
    await this.inspectable(caller, userId);
    const rows = await this.assignments.rolesOf(userId, ID_CURSOR.decode(cursor) ?? null, limit + 1);
    return toPage(rows, limit, (a) => ID_CURSOR.encode(a.id));
  }

  async listGrants(
    caller: Principal,
    userId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<PermissionGrant>> {
    await this.inspectable(caller, userId);
    const rows = await this.assignments.grantsOf(userId, ID_CURSOR.decode(cursor) ?? null, limit + 1);
    return toPage(rows, limit, (g) => ID_CURSOR.encode(g.id));
  }

  async assignRole(
    actor: Principal,
    userId: string,
    input: GrantRequest & { roleId: string },
  ): Promise<RoleAssignment> {
    const where = placementOf(input.scope, input.scopeId);
    const window = windowOf(input.startsAt, input.expiresAt, this.clock.now());
    await this.ensureUser(userId);
    const role = await this.roles.get(input.roleId);
    const granted = role.effectivePermissions.map((p) => p.permission);
    await this.limits.ensureHolds(actor, granted, where.scope, where.scopeId ?? undefined);
    const assignment = await this.transactions.run(async (tx) => {
      const saved = await this.assignments.assignRole(
        { userId, roleId: role.id, grantedById: actorId(actor), ...where, ...window },
        tx,
      );
      await this.audit.record({
        action: AuditAction.ROLE_ASSIGN,
        resourceType: 'user_role',
        resourceId: saved.id,
        actor,
        after: saved,
        metadata: { userId, role: role.slug },
        tx,
      });
      await this.changes.announce([userId], tx);
      return saved;
    });
    await this.changes.invalidate([userId]);
    return assignment;
  }

  async revokeRole(actor: Principal, userId: string, assignmentId: string): Promise<void> {
    const assignment = await this.assignments.findAssignment(userId, assignmentId);
    if (!assignment) throw new AssignmentNotFoundError(assignmentId);
    const role = await this.roles.get(assignment.role.id).catch(() => null);
    const held = role?.effectivePermissions.map((p) => p.permission) ?? [];
    await this.limits.ensureHolds(actor, held, assignment.scope, assignment.scopeId ?? undefined);
    await this.transactions.run(async (tx) => {
      if (!(await this.assignments.deleteAssignment(assignmentId, tx))) return;
      await this.audit.record({
        action: AuditAction.ROLE_REVOKE,
        resourceType: 'user_role',
        resourceId: assignmentId,
        actor,
        before: assignment,
        metadata: { userId, role: assignment.role.slug },
        tx,
      });
      await this.changes.announce([userId], tx);
    });
    await this.changes.invalidate([userId]);
  }

  async grantPermission(
    actor: Principal,
    userId: string,
    input: GrantRequest & { permission: string; reason?: string },
  ): Promise<PermissionGrant> {
    const where = placementOf(input.scope, input.scopeId);
    const window = windowOf(input.startsAt, input.expiresAt, this.clock.now());
    await this.ensureUser(userId);
    const permission = await this.permissions.byName(input.permission);
    await this.limits.ensureHolds(actor, [permission.name], where.scope, where.scopeId ?? undefined);
    const grant = await this.transactions.run(async (tx) => {
      const saved = await this.assignments.grantPermission(
        {
          userId,
          permissionId: permission.id,
          grantedById: actorId(actor),
          reason: input.reason ?? null,
          ...where,
          ...window,
        },
        tx,
      );
      await this.audit.record({
        action: AuditAction.PERMISSION_GRANT,
        resourceType: 'user_permission',
        resourceId: saved.id,
        actor,
        after: saved,
        metadata: { userId, permission: permission.name },
        tx,
      });
      await this.changes.announce([userId], tx);
      return saved;
    });
    await this.changes.invalidate([userId]);
    return grant;
  }

  async revokePermission(actor: Principal, userId: string, grantId: string): Promise<void> {
    const grant = await this.assignments.findGrant(userId, grantId);
    if (!grant) throw new AssignmentNotFoundError(grantId);
    await this.limits.ensureHolds(actor, [grant.permission], grant.scope, grant.scopeId ?? undefined);
    await this.transactions.run(async (tx) => {
      if (!(await this.assignments.deleteGrant(grantId, tx))) return;
      await this.audit.record({
        action: AuditAction.PERMISSION_REVOKE,
        resourceType: 'user_permission',
        resourceId: grantId,
        actor,
        before: grant,
        metadata: { userId, permission: grant.permission },
        tx,
      });
      await this.changes.announce([userId], tx);
    });
    await this.changes.invalidate([userId]);
  }

  private async inspectable(caller: Principal, userId: string): Promise<void> {
    await this.visibility.ensureMayInspect(caller, userId);
    await this.ensureUser(userId);
  }

  private async ensureUser(userId: string): Promise<void> {
    if (!(await this.assignments.userIsLive(userId))) throw new TargetUserNotFoundError(userId);
  }
}

function actorId(actor: Principal): string | null {
  return actor.kind === 'user' ? actor.userId : (actor.ownerId ?? null);
}
