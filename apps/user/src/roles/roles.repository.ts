import { Injectable } from '@nestjs/common';
import { Prisma } from '@orion/prisma-user';
import type { Tx } from '../database/transaction.runner';
import { PrismaService } from '../database/prisma.service';
import { EffectiveRolePermission, NewRole, Role, RoleChanges } from './roles.types';

const withPermissions = { permissions: { include: { permission: true } } } as const;
type RoleRow = Prisma.RoleGetPayload<{ include: typeof withPermissions }>;

const live = { deletedAt: null };

@Injectable()
export class RolesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async page(afterSlug: string | null, take: number): Promise<Role[]> {
    const rows = await this.prisma.role.findMany({
      where: { ...live, ...(afterSlug !== null && { slug: { gt: afterSlug } }) },
      include: withPermissions,
      orderBy: { slug: 'asc' },
      take,
    });
    return rows.map(toRole);
  }

  async find(id: string, tx?: Tx): Promise<Role | null> {
    const row = await (tx ?? this.prisma).role.findFirst({
      where: { id, ...live },
      include: withPermissions,
    });
    return row && toRole(row);
  }

  async slugTaken(slug: string): Promise<boolean> {
    // Slugs of deleted roles stay reserved (the unique index covers them).
    return (await this.prisma.role.count({ where: { slug } })) > 0;
  }

  /** Live ancestors from the parent up to the root (soft-deleted ones cut the chain). */
  async ancestors(id: string, tx?: Tx): Promise<{ id: string; slug: string }[]> {
    return (tx ?? this.prisma).$queryRawUnsafe(
      `WITH RECURSIVE up AS (
         SELECT p.id, p.slug, p.parent_id, 1 AS depth, ARRAY[r.id, p.id] AS ids
         FROM roles r JOIN roles p ON p.id = r.parent_id AND p.deleted_at IS NULL WHERE r.id = $1::uuid
         UNION ALL
         SELECT p.id, p.slug, p.parent_id, up.depth + 1, up.ids || p.id
         FROM up JOIN roles p ON p.id = up.parent_id AND p.deleted_at IS NULL WHERE NOT p.id = ANY(up.ids)
       ) SELECT id::text, slug FROM up ORDER BY depth`,
      id,
    );
  }

  async effectivePermissions(id: string, tx?: Tx): Promise<EffectiveRolePermission[]> {
    const rows = await (tx ?? this.prisma).$queryRawUnsafe<
      { permission: string; from_role: string; depth: number }[]
    >(
      `WITH RECURSIVE up AS (
         SELECT r.id, r.slug, r.parent_id, 0 AS depth, ARRAY[r.id] AS ids FROM roles r WHERE r.id = $1::uuid
         UNION ALL
         SELECT p.id, p.slug, p.parent_id, up.depth + 1, up.ids || p.id
         FROM up JOIN roles p ON p.id = up.parent_id AND p.deleted_at IS NULL WHERE NOT p.id = ANY(up.ids)
       )
       SELECT DISTINCT ON (pm.id) pm.resource || ':' || pm.action AS permission, up.slug AS from_role, up.depth
       FROM up JOIN role_permissions rp ON rp.role_id = up.id JOIN permissions pm ON pm.id = rp.permission_id
       ORDER BY pm.id, up.depth`,
      id,
    );
    return rows
      .map((r) => ({ permission: r.permission, fromRole: r.from_role, inherited: r.depth > 0 }))
      .sort((a, b) => a.permission.localeCompare(b.permission));
  }

  /** Users holding the role or any role below it: inheritance carries a change to all of them. */
  async affectedUsers(id: string, tx: Tx): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<{ user_id: string }[]>(
      `WITH RECURSIVE down AS (
         SELECT id, ARRAY[id] AS ids FROM roles WHERE id = $1::uuid
         UNION ALL
         SELECT c.id, down.ids || c.id FROM down JOIN roles c ON c.parent_id = down.id WHERE NOT c.id = ANY(down.ids)
       ) SELECT DISTINCT ur.user_id::text FROM user_roles ur JOIN down ON down.id = ur.role_id`,
      id,
    );
    return rows.map((r) => r.user_id);
  }

  /** Held until the transaction ends; taken by every change of a role's parent. */
  async lockHierarchy(tx: Tx): Promise<void> {
    await tx.$queryRawUnsafe(
      `SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('orion:role-hierarchy'))`,
    );
  }

  /** Held until the transaction ends; taken by every change that makes a role the default. */
  async lockDefault(tx: Tx): Promise<void> {
    await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('orion:default-role'))`);
  }

  /** The live roles new accounts receive (one at most once every change takes lockDefault). */
  async defaults(tx: Tx): Promise<Role[]> {
    const rows = await tx.role.findMany({ where: { isDefault: true, ...live }, include: withPermissions });
    return rows.map(toRole);
  }

  async hasLiveChildren(id: string): Promise<boolean> {
    return (await this.prisma.role.count({ where: { parentId: id, ...live } })) > 0;
  }

  async create(role: NewRole, tx: Tx): Promise<Role> {
    const row = await tx.role.create({ data: { ...role, type: 'CUSTOM' }, include: withPermissions });
    return toRole(row);
  }

  async update(id: string, changes: RoleChanges, tx: Tx): Promise<Role> {
    return toRole(await tx.role.update({ where: { id }, data: changes, include: withPermissions }));
  }

  async softDelete(id: string, at: Date, tx: Tx): Promise<void> {
    await tx.role.update({ where: { id }, data: { deletedAt: at } });
  }

  /** False when the role already had it. */
  async addPermission(roleId: string, permissionId: string, tx: Tx): Promise<boolean> {
    const added = await tx.rolePermission.createMany({
      data: [{ roleId, permissionId }],
      skipDuplicates: true,
    });
    return added.count > 0;
  }

  async removePermission(roleId: string, permissionId: string, tx: Tx): Promise<boolean> {
    return (await tx.rolePermission.deleteMany({ where: { roleId, permissionId } })).count > 0;
  }
}

function toRole(row: RoleRow): Role {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    type: row.type,
    parentId: row.parentId,
    priority: row.priority,
    isDefault: row.isDefault,
    permissions: row.permissions.map((p) => `${p.permission.resource}:${p.permission.action}`).sort(),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
