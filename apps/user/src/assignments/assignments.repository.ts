import { Injectable } from '@nestjs/common';
import { Clock } from '@orion/core';
import { Prisma } from '@orion/prisma-user';
import { statusAt } from '../access/access-evaluation';
import { NIL_SCOPE_ID } from '../access/access.types';
import type { Tx } from '../database/transaction.runner';
import { PrismaService } from '../database/prisma.service';
import { PermissionGrant, Placement, RoleAssignment } from './assignments.types';

const withRole = { role: { select: { id: true, slug: true, name: true } } } as const;
const withPermission = { permission: { select: { resource: true, action: true } } } as const;
type AssignmentRow = Prisma.UserRoleGetPayload<{ include: typeof withRole }>;
type GrantRow = Prisma.UserPermissionGetPayload<{ include: typeof withPermission }>;

@Injectable()
export class AssignmentsRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async userIsLive(userId: string): Promise<boolean> {
    return (await this.prisma.user.count({ where: { id: userId, deletedAt: null } })) > 0;
  }

  async rolesOf(userId: string, after: string | null, take: number): Promise<RoleAssignment[]> {
    const rows = await this.prisma.userRole.findMany({
      where: { userId, role: { deletedAt: null }, ...(after && { id: { gt: after } }) },
      include: withRole,
      orderBy: { id: 'asc' },
      take,
    });
    return rows.map((row) => toAssignment(row, this.clock.now()));
  }

  async grantsOf(userId: string, after: string | null, take: number): Promise<PermissionGrant[]> {
    const rows = await this.prisma.userPermission.findMany({
      where: { userId, ...(after && { id: { gt: after } }) },
      include: withPermission,
      orderBy: { id: 'asc' },
      take,
    });
    return rows.map((row) => toGrant(row, this.clock.now()));
  }

  async findAssignment(userId: string, id: string): Promise<RoleAssignment | null> {
    const row = await this.prisma.userRole.findFirst({ where: { id, userId }, include: withRole });
    return row && toAssignment(row, this.clock.now());
  }

  async findGrant(userId: string, id: string): Promise<PermissionGrant | null> {
    const row = await this.prisma.userPermission.findFirst({
      where: { id, userId },
      include: withPermission,
    });
    return row && toGrant(row, this.clock.now());
  }

  /** One assignment per user, role and scope: assigning again replaces the window. */
  async assignRole(
    input: { userId: string; roleId: string; grantedById: string | null } & Placement,
    tx: Tx,
  ): Promise<RoleAssignment> {
    const { userId, roleId, scope } = input;
    const scopeId = input.scopeId ?? NIL_SCOPE_ID;
    const window = {
      startsAt: input.startsAt,
      expiresAt: input.expiresAt,
      grantedById: input.grantedById,
      expiryProcessedAt: null,
    };
    const row = await tx.userRole.upsert({
      where: { userId_roleId_scope_scopeId: { userId, roleId, scope, scopeId } },
      create: { userId, roleId, scope, scopeId, ...window },
      update: window,
      include: withRole,
    });
    return toAssignment(row, this.clock.now());
  }

  async grantPermission(
    input: {
      userId: string;
      permissionId: string;
      grantedById: string | null;
      reason: string | null;
    } & Placement,
    tx: Tx,
  ): Promise<PermissionGrant> {
    const { userId, permissionId, scope } = input;
    const scopeId = input.scopeId ?? NIL_SCOPE_ID;
    const fields = {
      startsAt: input.startsAt,
      expiresAt: input.expiresAt,
      grantedById: input.grantedById,
      reason: input.reason,
      expiryProcessedAt: null,
    };
    const row = await tx.userPermission.upsert({
      where: { userId_permissionId_scope_scopeId: { userId, permissionId, scope, scopeId } },
      create: { userId, permissionId, scope, scopeId, ...fields },
      update: fields,
      include: withPermission,
    });
    return toGrant(row, this.clock.now());
  }

  /** False when it was gone already (a concurrent revoke). */
  async deleteAssignment(id: string, tx: Tx): Promise<boolean> {
    return (await tx.userRole.deleteMany({ where: { id } })).count > 0;
  }

  async deleteGrant(id: string, tx: Tx): Promise<boolean> {
    return (await tx.userPermission.deleteMany({ where: { id } })).count > 0;
  }
}

function placement(row: {
  scope: Placement['scope'];
  scopeId: string;
  startsAt: Date;
  expiresAt: Date | null;
}): Placement {
  return {
    scope: row.scope,
    scopeId: row.scope === 'GLOBAL' ? null : row.scopeId,
    startsAt: row.startsAt,
    expiresAt: row.expiresAt,
  };
}

function toAssignment(row: AssignmentRow, now: Date): RoleAssignment {
  const where = placement(row);
  return {
    id: row.id,
    userId: row.userId,
    role: row.role,
    ...where,
    grantedById: row.grantedById,
    status: statusAt(where, now),
    createdAt: row.createdAt,
  };
}

function toGrant(row: GrantRow, now: Date): PermissionGrant {
  const where = placement(row);
  return {
    id: row.id,
    userId: row.userId,
    permission: `${row.permission.resource}:${row.permission.action}`,
    ...where,
    reason: row.reason,
    grantedById: row.grantedById,
    status: statusAt(where, now),
    createdAt: row.createdAt,
  };
}
