import { Injectable } from '@nestjs/common';
import { PagePosition } from '@orion/core';
import { Prisma } from '@orion/prisma-notification';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import {
  FINISHED_STATUSES,
  IllegalStatusTransitionError,
  NotificationStatus,
  predecessorsOf,
} from './notification-status';
import { scrubbed } from './sensitive-content';
import {
  DeliveryAttemptRecord,
  NewNotification,
  NotificationData,
  NotificationFilter,
  NotificationRecord,
  PRIORITY_TO_STORED,
  STORED_TO_PRIORITY,
  StatusChange,
  type Channel,
} from './notifications.types';

type Row = Prisma.NotificationGetPayload<object>;

function toRecord(row: Row): NotificationRecord {
  return {
    id: row.id,
    userId: row.userId,
    channel: row.channel as Channel,
    priority: STORED_TO_PRIORITY[row.priority] ?? 'normal',
    status: row.status as NotificationStatus,
    type: row.type,
    recipient: row.recipient,
    locale: row.locale,
    subject: row.subject,
    body: row.body,
    data: row.data as unknown as NotificationData,
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    batchId: row.batchId,
    callerId: row.callerId,
    ownerId: row.ownerId,
    idempotencyKey: row.idempotencyKey,
    requestHash: row.requestHash,
    correlationId: row.correlationId,
    scheduledAt: row.scheduledAt,
    attemptCount: row.attemptCount,
    maxAttempts: row.maxAttempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    failedAt: row.failedAt,
    cancelledAt: row.cancelledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A second request with the same caller, idempotency key and channel. */
export class DuplicateSendError extends Error {}

/** The only place that reads and writes notifications and their delivery attempts. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores one request's notifications, in the caller's transaction so they commit together. A
   * concurrent identical request waits on the unique (caller_id, idempotency_key, channel) index
   * and then fails with DuplicateSendError.
   */
  async createAll(items: NewNotification[], tx: Tx): Promise<NotificationRecord[]> {
    try {
      const rows: Row[] = [];
      for (const item of items) {
        rows.push(
          await tx.notification.create({
            data: {
              ...item,
              priority: PRIORITY_TO_STORED[item.priority],
              data: item.data as unknown as Prisma.InputJsonValue,
            },
          }),
        );
      }
      return rows.map(toRecord);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new DuplicateSendError();
      }
      throw error;
    }
  }

  async findByIdempotencyKey(callerId: string, idempotencyKey: string): Promise<NotificationRecord[]> {
    const rows = await this.prisma.notification.findMany({
      where: { callerId, idempotencyKey },
      orderBy: [{ createdAt: 'asc' }, { channel: 'asc' }],
    });
    return rows.map(toRecord);
  }

  async findById(id: string): Promise<NotificationRecord | null> {
    const row = await this.prisma.notification.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  /**
   * The one way a status changes: an UPDATE guarded by `status IN (allowed predecessors)`, so two
   * workers (or a worker and a cancel) can never both move the same notification. `onlyFrom`
   * narrows the predecessors further. Throws IllegalStatusTransitionError when nothing matched.
   */
  async transition(
    id: string,
    to: NotificationStatus,
    change: StatusChange = {},
    onlyFrom?: readonly NotificationStatus[],
  ): Promise<NotificationRecord> {
    const allowed = predecessorsOf(to).filter((from) => !onlyFrom || onlyFrom.includes(from));
    const { countAttempt, ...columns } = change;
    const updated = await this.prisma.notification.updateMany({
      where: { id, status: { in: allowed } },
      data: { ...columns, status: to, ...(countAttempt && { attemptCount: { increment: 1 } }) },
    });
    const current = await this.findById(id);
    if (updated.count === 0 || !current) throw new IllegalStatusTransitionError(current?.status ?? null, to);
    if (FINISHED_STATUSES.includes(to) && current.data.sensitive && !current.data.scrubbed) {
      return this.scrub(current);
    }
    return current;
  }

  /** Wipes a finished notification's secret-bearing content (a code, a reset link). */
  private async scrub(notification: NotificationRecord): Promise<NotificationRecord> {
    const { body, data } = scrubbed(notification.data);
    await this.prisma.notification.update({
      where: { id: notification.id },
      data: { body, data: data as unknown as Prisma.InputJsonValue },
    });
    return { ...notification, body, data };
  }

  /** Records one provider try; numbers attempts 1, 2, 3… per notification. */
  async recordAttempt(attempt: {
    notificationId: string;
    channel: Channel;
    provider: string;
    ok: boolean;
    durationMs: number;
    errorCode?: string;
    errorMessage?: string;
    response?: Record<string, unknown>;
    providerMessageId?: string;
    completedAt: Date;
  }): Promise<void> {
    const { completedAt } = attempt;
    const last = await this.prisma.deliveryAttempt.aggregate({
      where: { notificationId: attempt.notificationId },
      _max: { attemptNumber: true },
    });
    await this.prisma.deliveryAttempt.create({
      data: {
        notificationId: attempt.notificationId,
        attemptNumber: (last._max.attemptNumber ?? 0) + 1,
        channel: attempt.channel,
        provider: attempt.provider.slice(0, 50),
        status: attempt.ok ? 'SUCCEEDED' : 'FAILED',
        providerMessageId: attempt.providerMessageId?.slice(0, 255),
        errorCode: attempt.errorCode?.slice(0, 64),
        errorMessage: attempt.errorMessage,
        response: (attempt.response ?? {}) as Prisma.InputJsonValue,
        durationMs: Math.max(0, Math.round(attempt.durationMs)),
        startedAt: new Date(completedAt.getTime() - attempt.durationMs),
        completedAt,
      },
    });
  }

  async attemptsOf(notificationId: string): Promise<DeliveryAttemptRecord[]> {
    const rows = await this.prisma.deliveryAttempt.findMany({
      where: { notificationId },
      orderBy: { attemptNumber: 'asc' },
    });
    return rows.map((row) => ({
      id: row.id,
      attemptNumber: row.attemptNumber,
      channel: row.channel as Channel,
      provider: row.provider,
      status: row.status,
      providerMessageId: row.providerMessageId,
      errorCode: row.errorCode,
      errorMessage: row.errorMessage,
      response: row.response as Record<string, unknown>,
      durationMs: row.durationMs,
      startedAt: row.startedAt,
      completedAt: row.completedAt,
    }));
  }

  /** Rows waiting for a worker that have not changed since `before`: candidates for re-queueing. */
  async findWaiting(before: Date, limit: number): Promise<NotificationRecord[]> {
    const rows = await this.prisma.notification.findMany({
      where: { status: { in: ['PENDING', 'QUEUED', 'SCHEDULED'] }, updatedAt: { lt: before } },
      orderBy: { updatedAt: 'asc' },
      take: limit,
    });
    return rows.map(toRecord);
  }

  /** Newest first, `limit` rows after `after`. */
  async page(filter: NotificationFilter, limit: number, after?: PagePosition): Promise<NotificationRecord[]> {
    const where: Prisma.NotificationWhereInput = {
      userId: filter.userId,
      status: filter.status,
      channel: filter.channel,
      priority: filter.priority ? PRIORITY_TO_STORED[filter.priority] : undefined,
      batchId: filter.batchId,
      correlationId: filter.correlationId,
      createdAt:
        filter.createdFrom || filter.createdTo
          ? { gte: filter.createdFrom, lt: filter.createdTo }
          : undefined,
    };
    const rows = await this.prisma.notification.findMany({
      where: after
        ? {
            AND: [
              where,
              {
                OR: [
                  { createdAt: { lt: after.createdAt } },
                  { createdAt: after.createdAt, id: { lt: after.id } },
                ],
              },
            ],
          }
        : where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toRecord);
  }
}
