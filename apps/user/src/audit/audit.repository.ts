import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import { Prisma } from '@orion/prisma-user';
import { PrismaService } from '../database/prisma.service';
import type { AuditAction } from './audit-action';

/** A transaction of the user database, handed through services without their knowing its type. */
export type UserTransaction = Prisma.TransactionClient;

export interface NewAuditRecord {
  actorId: string | null;
  action: AuditAction;
  resourceType: string;
  resourceId: string | null;
  changes: object;
  metadata: object;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface AuditRecord extends NewAuditRecord {
  id: string;
  createdAt: Date;
}

export interface AuditFilter {
  actorId?: string;
  action?: AuditAction;
  resourceType?: string;
  resourceId?: string;
  requestId?: string;
  from?: Date;
  to?: Date;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(record: NewAuditRecord, tx?: UserTransaction): Promise<AuditRecord> {
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
