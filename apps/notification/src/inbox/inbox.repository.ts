import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import type { Prisma } from '@orion/prisma-notification';
import { PrismaService } from '../database/prisma.service';
import { STORED_TO_PRIORITY } from '../notifications/notifications.types';
import { predecessorsOf } from '../notifications/notification-status';
import type { InboxItem, InboxView } from './inbox.types';

/**
 * Statuses in which an IN_APP notification is in the inbox: handed over (SENT, DELIVERED) or read.
 * Earlier ones are still on their way (scheduled, deferred by quiet hours, queued).
 */
const IN_INBOX = ['SENT', 'DELIVERED', 'READ'] as const;
/** The state machine's way into READ. */
const READABLE = predecessorsOf('READ');

const VIEWS: Record<InboxView, Prisma.NotificationWhereInput> = {
  unread: { readAt: null, archivedAt: null },
  read: { readAt: { not: null }, archivedAt: null },
  archived: { archivedAt: { not: null } },
  all: {},
};

const SELECTED = {
  id: true,
  subject: true,
  body: true,
  data: true,
  priority: true,
  createdAt: true,
  readAt: true,
  archivedAt: true,
} as const;
type Row = Prisma.NotificationGetPayload<{ select: typeof SELECTED }>;

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** Template variables stay out: they may hold what only the rendered text was meant to show. */
function toItem(row: Row): InboxItem {
  const data = asObject(row.data) ?? {};
  return {
    id: row.id,
    title: typeof data.title === 'string' ? data.title : row.subject,
    body: row.body,
    category: typeof data.category === 'string' ? data.category : null,
    payload: asObject(data.payload) ?? {},
    priority: STORED_TO_PRIORITY[row.priority] ?? 'normal',
    createdAt: row.createdAt,
    readAt: row.readAt,
    archivedAt: row.archivedAt,
  };
}

/** The IN_APP rows of notifications, always scoped to their recipient. */
@Injectable()
export class InboxRepository {
  constructor(private readonly prisma: PrismaService) {}

  private mine(userId: string): Prisma.NotificationWhereInput {
    return { userId, channel: 'IN_APP', status: { in: [...IN_INBOX] } };
  }

  /** Newest first; `after` is the last item of the previous page. */
  async list(userId: string, view: InboxView, limit: number, after?: PagePosition): Promise<InboxItem[]> {
    const rows = await this.prisma.notification.findMany({
      where: {
        ...this.mine(userId),
        ...VIEWS[view],
        ...(after && {
          OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
        }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: SELECTED,
    });
    return rows.map(toItem);
  }

  countUnread(userId: string): Promise<number> {
    return this.prisma.notification.count({ where: { ...this.mine(userId), ...VIEWS.unread } });
  }

  async find(userId: string, id: string): Promise<InboxItem | null> {
    const row = await this.prisma.notification.findFirst({
      where: { ...this.mine(userId), id },
      select: SELECTED,
    });
    return row && toItem(row);
  }

  /** The item whatever its status, for delivery: the notification row is the inbox item. */
  async findForDelivery(id: string): Promise<{ userId: string; item: InboxItem } | null> {
    const row = await this.prisma.notification.findFirst({
      where: { id, channel: 'IN_APP' },
      select: { ...SELECTED, userId: true },
    });
    // An in-app notification without a user has no inbox to go to.
    return row?.userId ? { userId: row.userId, item: toItem(row) } : null;
  }

  /** READ through the state machine's guarded transition; false when the item is not readable. */
  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.notification.updateMany({
      where: { userId, id, channel: 'IN_APP', status: { in: READABLE } },
      data: { status: 'READ', readAt: at },
    });
    return count === 1;
  }

  async markAllRead(userId: string, at: Date): Promise<number> {
    const { count } = await this.prisma.notification.updateMany({
      where: { userId, channel: 'IN_APP', status: { in: READABLE } },
      data: { status: 'READ', readAt: at },
    });
    return count;
  }

  /** Sets or clears archived_at; false when the item is not in the inbox. */
  async setArchived(userId: string, id: string, archivedAt: Date | null): Promise<boolean> {
    const { count } = await this.prisma.notification.updateMany({
      where: {
        ...this.mine(userId),
        id,
        // Leaves an earlier archive time alone, so archiving twice changes nothing.
        ...(archivedAt ? { archivedAt: null } : {}),
      },
      data: { archivedAt },
    });
    return count === 1;
  }
}
