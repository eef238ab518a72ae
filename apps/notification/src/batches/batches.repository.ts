import { Injectable } from '@nestjs/common';
import { Prisma } from '@orion/prisma-notification';
import type { NotificationBatch as BatchRow } from '@orion/prisma-notification';
import type { PagePosition } from '@orion/core';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import { ownerFilter, OwnerScope } from '../ownership/ownership.types';
import type {
  Audience,
  BatchRecord,
  BatchReport,
  BatchStatus,
  NewBatch,
  RecipientResult,
} from './batches.types';
import { PRIORITY_TO_STORED, STORED_TO_PRIORITY, type Channel } from '../notifications/notifications.types';

/** Notification statuses a cancel may still stop (nothing handed to a provider yet). */
const NOT_YET_SENT = ['PENDING', 'SCHEDULED', 'QUEUED'] as const;
const INSERT_CHUNK = 5_000;
const withTemplate = { template: { select: { key: true } } } as const;
type Row = BatchRow & { template: { key: string } | null };

/** A concurrent request with the same idempotency key stored its batch first. */
export class DuplicateBatchError extends Error {}

@Injectable()
export class BatchesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The batch and its recipients, in the caller's transaction: a batch is never seen half-stored. */
  async create(batch: NewBatch, tx: Tx): Promise<BatchRecord> {
    try {
      return await this.insert(batch, tx);
    } catch (error) {
      if (
        error instanceof Prisma.PrismaClientKnownRequestError &&
        error.code === 'P2002' &&
        batch.idempotencyKey
      ) {
        throw new DuplicateBatchError();
      }
      throw error;
    }
  }

  private async insert(batch: NewBatch, tx: Tx): Promise<BatchRecord> {
    const row = await tx.notificationBatch.create({
      data: {
        name: batch.name,
        templateId: batch.templateId,
        templateVersion: batch.templateVersion,
        locale: batch.locale,
        channels: batch.channels,
        priority: PRIORITY_TO_STORED[batch.priority],
        variables: batch.variables as Prisma.InputJsonValue,
        idempotencyKey: batch.idempotencyKey,
        requestHash: batch.requestHash,
        totalCount: batch.recipients.length,
        createdById: batch.createdById,
        ownerId: batch.ownerId,
        metadata: {
          callerId: batch.callerId,
          ...(batch.audience && { audience: { ...batch.audience } }),
        },
      },
      include: withTemplate,
    });
    for (let i = 0; i < batch.recipients.length; i += INSERT_CHUNK) {
      await tx.notificationBatchRecipient.createMany({
        data: batch.recipients.slice(i, i + INSERT_CHUNK).map((userId) => ({ batchId: row.id, userId })),
      });
    }
    return toRecord(row);
  }

  /** Any batch, for the background work; callers' requests go through findWithin. */
  async find(id: string): Promise<BatchRecord | null> {
    const row = await this.prisma.notificationBatch.findUnique({ where: { id }, include: withTemplate });
    return row && toRecord(row);
  }

  /** The batch when it is within the scope; null for another owner's, as for an unknown one. */
  async findWithin(id: string, scope: OwnerScope): Promise<BatchRecord | null> {
    const row = await this.prisma.notificationBatch.findFirst({
      where: { id, ...ownerFilter(scope) },
      include: withTemplate,
    });
    return row && toRecord(row);
  }

  /** Newest first; `after` is where the previous page ended. */
  async page(
    scope: OwnerScope,
    take: number,
    after?: PagePosition,
    status?: BatchStatus,
  ): Promise<BatchRecord[]> {
    const rows = await this.prisma.notificationBatch.findMany({
      where: {
        ...ownerFilter(scope),
        ...(status && { status }),
        ...(after && {
          OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
        }),
      },
      include: withTemplate,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
    return rows.map(toRecord);
  }

  async findByIdempotencyKey(key: string): Promise<BatchRecord | null> {
    const row = await this.prisma.notificationBatch.findUnique({
      where: { idempotencyKey: key },
      include: withTemplate,
    });
    return row && toRecord(row);
  }

  /** Adds listed audience members (again after a crash: duplicates are skipped). */
  async addRecipients(batchId: string, userIds: string[]): Promise<void> {
    await this.prisma.notificationBatchRecipient.createMany({
      data: userIds.map((userId) => ({ batchId, userId })),
      skipDuplicates: true,
    });
  }

  /** The audience is listed: the recipient count is final and expansion may finish. */
  async markAudienceResolved(batchId: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE notification_batches
         SET total_count = (SELECT count(*) FROM notification_batch_recipients WHERE batch_id = ${batchId}::uuid),
             metadata = metadata || '{"audienceResolved": true}'::jsonb,
             updated_at = now()
       WHERE id = ${batchId}::uuid`;
  }

  /** Accepted batches expansion never picked up (the queue was unreachable when they were stored). */
  async unstarted(limit: number): Promise<string[]> {
    const rows = await this.prisma.notificationBatch.findMany({
      where: { status: 'PENDING' },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  async markStarted(id: string, now: Date): Promise<void> {
    await this.prisma.notificationBatch.updateMany({
      where: { id, status: 'PENDING' },
      data: { status: 'PROCESSING', startedAt: now },
    });
  }

  async pendingRecipients(batchId: string, take: number): Promise<string[]> {
    const rows = await this.prisma.notificationBatchRecipient.findMany({
      where: { batchId, status: 'PENDING' },
      select: { userId: true },
      orderBy: { userId: 'asc' },
      take,
    });
    return rows.map((r) => r.userId);
  }

  /** Records what expansion did; a recipient cancelled meanwhile keeps CANCELLED. */
  async recordOutcomes(batchId: string, results: RecipientResult[], now: Date, tx: Tx): Promise<void> {
    const queued = results.filter((r) => r.outcome === 'QUEUED').map((r) => r.userId);
    let handled = 0;
    if (queued.length > 0) {
      const updated = await tx.notificationBatchRecipient.updateMany({
        where: { batchId, userId: { in: queued }, status: 'PENDING' },
        data: { status: 'QUEUED', processedAt: now },
      });
      handled += updated.count;
    }
    for (const rejected of results.filter((r) => r.outcome === 'REJECTED')) {
      const updated = await tx.notificationBatchRecipient.updateMany({
        where: { batchId, userId: rejected.userId, status: 'PENDING' },
        data: {
          status: 'REJECTED',
          errorCode: rejected.errorCode?.slice(0, 64),
          error: rejected.error,
          processedAt: now,
        },
      });
      handled += updated.count;
    }
    await tx.notificationBatch.update({
      where: { id: batchId },
      data: { processedCount: { increment: handled } },
    });
  }

  /**
   * Stops the batch: its status, every recipient not expanded yet, and every message not yet
   * handed to a provider (the delivery worker skips a cancelled notification). Returns false when
   * the batch had already finished or been cancelled. Part of the caller's transaction.
   */
  async cancel(id: string, now: Date, tx: Tx): Promise<boolean> {
    const updated = await tx.notificationBatch.updateMany({
      where: { id, status: { in: ['PENDING', 'PROCESSING'] } },
      data: { status: 'CANCELLED', cancelledAt: now },
    });
    if (updated.count === 0) return false;
    const recipients = await tx.notificationBatchRecipient.updateMany({
      where: { batchId: id, status: 'PENDING' },
      data: { status: 'CANCELLED', processedAt: now },
    });
    await tx.notificationBatch.update({
      where: { id },
      data: { processedCount: { increment: recipients.count } },
    });
    await this.cancelMessages(id, now, tx);
    return true;
  }

  /** Messages of a cancelled batch created by an expansion round that was already running. */
  async cancelMessages(batchId: string, now: Date, tx: Tx = this.prisma): Promise<number> {
    const updated = await tx.notification.updateMany({
      where: { batchId, status: { in: [...NOT_YET_SENT] } },
      data: { status: 'CANCELLED', cancelledAt: now },
    });
    return updated.count;
  }

  /** Freezes the report once; a concurrent settle finds it written and leaves it. */
  async finish(id: string, status: BatchStatus, report: BatchReport): Promise<boolean> {
    const updated = await this.prisma.notificationBatch.updateMany({
      where: { id, report: { equals: Prisma.AnyNull } },
      data: {
        status,
        report: report as unknown as Prisma.InputJsonValue,
        completedAt: new Date(report.completedAt),
      },
    });
    return updated.count > 0;
  }
}

function toRecord(row: Row): BatchRecord {
  const metadata = row.metadata as { callerId?: string; audience?: Audience; audienceResolved?: boolean };
  return {
    id: row.id,
    name: row.name,
    status: row.status as BatchStatus,
    templateId: row.templateId,
    templateKey: row.template?.key ?? '',
    templateVersion: row.templateVersion,
    locale: row.locale,
    channels: row.channels as Channel[],
    priority: STORED_TO_PRIORITY[row.priority] ?? 'normal',
    variables: row.variables as Record<string, unknown>,
    callerId: metadata.callerId ?? 'internal',
    requestHash: row.requestHash,
    ownerId: row.ownerId,
    audience: metadata.audience ?? null,
    audienceResolved: !metadata.audience || metadata.audienceResolved === true,
    totalRecipients: row.totalCount,
    processedRecipients: row.processedCount,
    report: (row.report as unknown as BatchReport | null) ?? null,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    cancelledAt: row.cancelledAt,
  };
}
