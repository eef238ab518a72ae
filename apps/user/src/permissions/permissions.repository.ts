import { Injectable } from '@nestjs/common';
import { Prisma } from '@orion/prisma-user';
import type { Tx } from '../database/transaction.runner';
import { PrismaService } from '../database/prisma.service';
import { NewPermission, Permission } from './permissions.types';

type PermissionRow = Prisma.PermissionGetPayload<object>;

@Injectable()
export class PermissionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Ordered by resource then action; `after` is the last item's "resource:action". */
  async page(after: { resource: string; action: string } | null, take: number): Promise<Permission[]> {
    const rows = await this.prisma.permission.findMany({
      where: after
        ? {
            OR: [
              { resource: { gt: after.resource } },
              { resource: after.resource, action: { gt: after.action } },
            ],
          }
        : {},
      orderBy: [{ resource: 'asc' }, { action: 'asc' }],
      take,
    });
    return rows.map(toPermission);
  }

  async find(id: string): Promise<Permission | null> {
    const row = await this.prisma.permission.findUnique({ where: { id } });
    return row && toPermission(row);
  }

  async findByName(resource: string, action: string, tx?: Tx): Promise<Permission | null> {
    const row = await (tx ?? this.prisma).permission.findUnique({
      where: { resource_action: { resource, action } },
    });
    return row && toPermission(row);
  }

  /** Role links and direct grants that still refer to the permission. */
  async usage(id: string): Promise<{ roles: number; grants: number }> {
    const [roles, grants] = await Promise.all([
      this.prisma.rolePermission.count({ where: { permissionId: id } }),
      this.prisma.userPermission.count({ where: { permissionId: id } }),
    ]);
    return { roles, grants };
  }

  async create(permission: NewPermission, tx: Tx): Promise<Permission> {
    const { category, ...fields } = permission;
    const metadata = { system: false, ...(category && { category }) };
    return toPermission(await tx.permission.create({ data: { ...fields, metadata } }));
  }

  async update(id: string, changes: { description?: string | null; category?: string | null }, tx: Tx) {
    const current = await tx.permission.findUniqueOrThrow({ where: { id } });
    const metadata = { ...(current.metadata as Prisma.JsonObject) };
    if (changes.category !== undefined) metadata.category = changes.category;
    const data = { metadata, ...(changes.description !== undefined && { description: changes.description }) };
    return toPermission(await tx.permission.update({ where: { id }, data }));
  }

  async delete(id: string, tx: Tx): Promise<void> {
    await tx.permission.delete({ where: { id } });
  }
}

function toPermission(row: PermissionRow): Permission {
  const metadata = (row.metadata ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    name: `${row.resource}:${row.action}`,
    resource: row.resource,
    action: row.action,
    description: row.description,
    category: typeof metadata.category === 'string' ? metadata.category : null,
    system: metadata.system === true,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
