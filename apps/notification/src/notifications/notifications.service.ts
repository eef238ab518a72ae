import { Injectable } from '@nestjs/common';
import { Clock, NEWEST_FIRST_CURSOR, Page, toPage } from '@orion/core';
import { PermissionCache, Principal } from '@orion/security';
import { DeliveryQueuesService } from '../delivery/delivery-queues.service';
import { CANCELLABLE_STATUSES, IllegalStatusTransitionError } from './notification-status';
import type { DeliveryAttemptRecord, NotificationFilter, NotificationRecord } from './notifications.types';
import { NotificationNotCancellableError, NotificationNotFoundError } from './notifications.errors';
import { NotificationsRepository } from './notifications.repository';

export const READ_PERMISSION = 'notifications:read';

/** The caller id a principal's sends are recorded under; scopes idempotency keys and visibility. */
export function callerIdOf(principal: Principal): string {
  return principal.kind === 'service' ? `key:${principal.keyId}` : `user:${principal.userId}`;
}

/** Reading and cancelling notifications: who may see which, and when a send can still be called off. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly permissions: PermissionCache,
    private readonly queues: DeliveryQueuesService,
    private readonly clock: Clock,
  ) {}

  /** The sender, the recipient and holders of notifications:read see a notification; others get 404. */
  async get(
    id: string,
    caller: Principal,
  ): Promise<NotificationRecord & { attempts: DeliveryAttemptRecord[] }> {
    const notification = await this.visible(id, caller);
    return { ...notification, attempts: await this.notifications.attemptsOf(id) };
  }

  async list(filter: NotificationFilter, limit: number, cursor?: string): Promise<Page<NotificationRecord>> {
    const rows = await this.notifications.page(filter, limit + 1, NEWEST_FIRST_CURSOR.decode(cursor));
    return toPage(rows, limit, NEWEST_FIRST_CURSOR.encode);
  }

  async cancel(id: string, caller: Principal): Promise<NotificationRecord> {
    const notification = await this.visible(id, caller);
    if (!CANCELLABLE_STATUSES.includes(notification.status)) {
      throw new NotificationNotCancellableError(notification.status);
    }
    let cancelled: NotificationRecord;
    try {
      cancelled = await this.notifications.transition(
        id,
        'CANCELLED',
        { cancelledAt: this.clock.now() },
        CANCELLABLE_STATUSES,
      );
    } catch (error) {
      // A worker claimed it between the read and the update.
      if (error instanceof IllegalStatusTransitionError) {
        throw new NotificationNotCancellableError(error.from ?? 'unknown');
      }
      throw error;
    }
    await this.queues.remove(cancelled);
    return cancelled;
  }

  private async visible(id: string, caller: Principal): Promise<NotificationRecord> {
    const notification = await this.notifications.findById(id);
    if (!notification) throw new NotificationNotFoundError();
    if (notification.callerId === callerIdOf(caller)) return notification;
    if (caller.kind === 'user' && notification.userId === caller.userId) return notification;
    if (await this.mayReadAll(caller)) return notification;
    throw new NotificationNotFoundError();
  }

  private async mayReadAll(caller: Principal): Promise<boolean> {
    if (caller.kind === 'service') return caller.scopes.includes(READ_PERMISSION);
    const decision = await this.permissions.check({
      userId: caller.userId,
      permission: READ_PERMISSION,
      scope: 'GLOBAL',
    });
    return decision.allowed;
  }
}
