import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { BatchFailure, RecipientCounts } from './batches.types';
import type { Channel } from '../notifications/notifications.types';

/** The read side of a batch's progress: messages and recipients by status, and failures. */
@Injectable()
export class BatchProgressRepository {
  constructor(private readonly prisma: PrismaService) {}

  async messageCounts(batchId: string): Promise<Record<string, number>> {
    const groups = await this.prisma.notification.groupBy({
      by: ['status'],
      where: { batchId },
      _count: { _all: true },
    });
    return Object.fromEntries(groups.map((g) => [g.status, g._count._all] as const));
  }

  /**
   * Recipients by status; `withoutMessages` leaves out those whose notifications exist already
   * (a send in flight when the batch was cancelled), which the message counts cover.
   */
  async recipientCounts(batchId: string): Promise<RecipientCounts & { withoutMessages: RecipientCounts }> {
    const rows = await this.prisma.$queryRaw<Array<{ status: string; total: bigint; without: bigint }>>`
      WITH messaged AS (SELECT DISTINCT user_id FROM notifications WHERE batch_id = ${batchId}::uuid)
      SELECT r.status::text AS status, count(*) AS total, count(*) FILTER (WHERE m.user_id IS NULL) AS without
        FROM notification_batch_recipients r LEFT JOIN messaged m ON m.user_id = r.user_id
       WHERE r.batch_id = ${batchId}::uuid
       GROUP BY r.status`;
    const tally = (pick: (row: (typeof rows)[number]) => bigint): RecipientCounts => {
      const count = (status: string) => {
        const row = rows.find((r) => r.status === status);
        return row ? Number(pick(row)) : 0;
      };
      return {
        total: rows.reduce((sum, row) => sum + Number(pick(row)), 0),
        pending: count('PENDING'),
        queued: count('QUEUED'),
        rejected: count('REJECTED'),
        cancelled: count('CANCELLED'),
      };
    };
    return { ...tally((r) => r.total), withoutMessages: tally((r) => r.without) };
  }

  async failures(batchId: string, limit: number): Promise<BatchFailure[]> {
    const rejected = await this.prisma.notificationBatchRecipient.findMany({
      where: { batchId, status: 'REJECTED' },
      orderBy: { userId: 'asc' },
      take: limit,
    });
    const failed = await this.prisma.notification.findMany({
      where: { batchId, status: 'FAILED' },
      select: { userId: true, channel: true, lastError: true },
      orderBy: { createdAt: 'asc' },
      take: Math.max(0, limit - rejected.length),
    });
    return [
      ...rejected.map((r) => ({
        userId: r.userId,
        channel: null,
        code: r.errorCode ?? 'REJECTED',
        message: r.error ?? '',
      })),
      ...failed.map((n) => ({
        userId: n.userId ?? '',
        channel: n.channel as Channel,
        code: (n.lastError ?? 'DELIVERY_FAILED').split(':')[0].slice(0, 64),
        message: n.lastError ?? '',
      })),
    ];
  }
}
