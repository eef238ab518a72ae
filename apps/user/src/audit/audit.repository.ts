import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import { Prisma } from '@orion/prisma-user';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import type { AuditFilter, AuditRecord, NewAuditRecord } from './audit.types';

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(record: NewAuditRecord, tx?: Tx): Promise<AuditRecord> {
    const row = await (tx ?? this.prisma).auditLog.create({
      data: {
        ...record,
        changes: record.changes as Prisma.InputJsonObject,
        metadata: record.metadata as Prisma.InputJsonObject,
      },
    });
    return toRecord(row);
  }

  /** One page, newest first, strictly after `after` in that order. */
  async page(filter: AuditFilter, limit: number, after?: PagePosition): Promise<AuditRecord[]> {
    const rows = await this.prisma.auditLog.findMany({
      where: { AND: [where(filter), after ? olderThan(after) : {}] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toRecord);
  }
}

function where(filter: AuditFilter): Prisma.AuditLogWhereInput {
  return {
    actorId: filter.actorId,
    action: filter.action,
    resourceType: filter.resourceType,
    resourceId: filter.resourceId,
    requestId: filter.requestId,
    createdAt: filter.from || filter.to ? { gte: filter.from, lt: filter.to } : undefined,
  };
}

function olderThan(position: PagePosition): Prisma.AuditLogWhereInput {
  return {
    OR: [
      { createdAt: { lt: position.createdAt } },
      { createdAt: position.createdAt, id: { lt: position.id } },
    ],
  };
}

function toRecord(row: Prisma.AuditLogGetPayload<object>): AuditRecord {
  return {
    id: row.id,
    actorId: row.actorId,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    changes: row.changes as object,
    metadata: row.metadata as object,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    requestId: row.requestId,
    createdAt: row.createdAt,
  };
}
