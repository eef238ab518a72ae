import { Injectable } from '@nestjs/common';
import { PERMISSION_FORMAT } from '@orion/contracts';
import { keyCursor, Page, toPage } from '@orion/core';
import type { Principal } from '@orion/security';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { splitPermission } from '../access/access-check.service';
import { PermissionChangesService } from '../access/permission-changes.service';
import {
  PermissionExistsError,
  PermissionInUseError,
  PermissionNotFoundError,
  SystemPermissionImmutableError,
} from './permissions.errors';
import { PermissionsRepository } from './permissions.repository';
import { NewPermission, Permission } from './permissions.types';
import { TransactionRunner } from '../database/transaction.runner';

/** Permissions are listed by name, "resource:action". */
const NAME_CURSOR = keyCursor((name) => PERMISSION_FORMAT.test(name));

@Injectable()
export class PermissionsService {
  constructor(
    private readonly permissions: PermissionsRepository,
    private readonly audit: AuditService,
    private readonly changes: PermissionChangesService,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(limit: number, cursor?: string): Promise<Page<Permission>> {
    const name = NAME_CURSOR.decode(cursor);
    const rows = await this.permissions.page(name === undefined ? null : splitPermission(name), limit + 1);
    return toPage(rows, limit, (p) => NAME_CURSOR.encode(p.name));
  }

  async get(id: string): Promise<Permission> {
    const permission = await this.permissions.find(id);
    if (!permission) throw new PermissionNotFoundError(id);
    return permission;
  }

  /** By "resource:action"; used by roles and grants. */
  async byName(name: string): Promise<Permission> {
    const parts = splitPermission(name);
    const permission = parts && (await this.permissions.findByName(parts.resource, parts.action));
    if (!permission) throw new PermissionNotFoundError(name);
    return permission;
  }

  async create(input: NewPermission, actor: Principal): Promise<Permission> {
    const name = `${input.resource}:${input.action}`;
    if (await this.permissions.findByName(input.resource, input.action))
      throw new PermissionExistsError(name);
    return this.transactions.run(async (tx) => {
      const created = await this.permissions.create(input, tx);
      await this.audit.record({
        action: AuditAction.CREATE,
        resourceType: 'permission',
        resourceId: created.id,
        actor,
        after: created,
        tx,
      });
      return created;
    });
  }

  async update(
    id: string,
    changes: { description?: string | null; category?: string | null },
    actor: Principal,
  ): Promise<Permission> {
    const before = await this.mutable(id);
    return this.transactions.run(async (tx) => {
      const after = await this.permissions.update(id, changes, tx);
      await this.audit.record({
        action: AuditAction.UPDATE,
        resourceType: 'permission',
        resourceId: id,
        actor,
        before,
        after,
        tx,
      });
      return after;
    });
  }

  /** Only unused custom permissions: removing one in use would silently take access away. */
  async delete(id: string, actor: Principal): Promise<void> {
    const before = await this.mutable(id);
    const usage = await this.permissions.usage(id);
    if (usage.roles + usage.grants > 0) throw new PermissionInUseError(before.name, usage);
    await this.transactions.run(async (tx) => {
      await this.permissions.delete(id, tx);
      await this.audit.record({
        action: AuditAction.DELETE,
        resourceType: 'permission',
        resourceId: id,
        actor,
        before,
        tx,
      });
    });
    await this.changes.invalidate([], true);
  }

  private async mutable(id: string): Promise<Permission> {
    const permission = await this.get(id);
    if (permission.system) throw new SystemPermissionImmutableError(permission.name);
    return permission;
  }
}
