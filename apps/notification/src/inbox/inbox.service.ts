import { Injectable } from '@nestjs/common';
import { Clock, NEWEST_FIRST_CURSOR, Page, toPage } from '@orion/core';
import { InboxItemNotFoundError } from './inbox.errors';
import { InboxRepository } from './inbox.repository';
import type { InboxItem, InboxView } from './inbox.types';

/** The caller's own in-app notifications: listing, reading and archiving. */
@Injectable()
export class InboxService {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly clock: Clock,
  ) {}

  async page(
    userId: string,
    view: InboxView,
    query: { limit: number; cursor?: string },
  ): Promise<Page<InboxItem>> {
    const after = NEWEST_FIRST_CURSOR.decode(query.cursor);
    const rows = await this.inbox.list(userId, view, query.limit + 1, after);
    return toPage(rows, query.limit, (last) => NEWEST_FIRST_CURSOR.encode(last));
  }

  unreadCount(userId: string): Promise<number> {
    return this.inbox.countUnread(userId);
  }

  /** Idempotent: an item already read keeps its first read time. */
  async markRead(userId: string, id: string): Promise<InboxItem> {
    await this.inbox.markRead(userId, id, this.clock.now());
    return this.existing(userId, id);
  }

  async markAllRead(userId: string): Promise<number> {
    return this.inbox.markAllRead(userId, this.clock.now());
  }

  /** Idempotent: archiving twice keeps the first archive time. */
  async archive(userId: string, id: string): Promise<InboxItem> {
    await this.inbox.setArchived(userId, id, this.clock.now());
    return this.existing(userId, id);
  }

  async unarchive(userId: string, id: string): Promise<InboxItem> {
    await this.inbox.setArchived(userId, id, null);
    return this.existing(userId, id);
  }

  private async existing(userId: string, id: string): Promise<InboxItem> {
    const item = await this.inbox.find(userId, id);
    if (!item) throw new InboxItemNotFoundError();
    return item;
  }
}
