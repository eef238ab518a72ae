import { Injectable, Logger } from '@nestjs/common';
import { DeliveryPolicyService } from '../preferences/delivery-policy.service';
import type { NotificationRecord } from '../notifications/notification.types';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { DeliveryQueues } from './delivery-queues';

/**
 * Takes a freshly stored notification to the queue: asks the user's delivery policy first
 * (opt-outs cancel it, quiet hours defer it), then adds a job, delayed for scheduled sends.
 */
@Injectable()
export class DeliveryScheduler {
  private readonly logger = new Logger(DeliveryScheduler.name);

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly queues: DeliveryQueues,
    private readonly policy: DeliveryPolicyService,
  ) {}

  async schedule(notification: NotificationRecord, now = new Date()): Promise<NotificationRecord> {
    let sendAt = notification.scheduledAt && notification.scheduledAt > now ? notification.scheduledAt : null;
    if (notification.userId) {
      const decision = await this.policy.evaluate({
        userId: notification.userId,
        channel: notification.channel,
        category: notification.data.category,
        priority: notification.priority,
        now: sendAt ?? now,
      });
      if (!decision.allowed) {
        return this.notifications.transition(notification.id, 'CANCELLED', {
          cancelledAt: now,
          lastError: `Not sent: ${decision.reason ?? 'refused by the recipient preferences'}`,
        });
      }
      if (decision.deferUntil && decision.deferUntil > (sendAt ?? now)) sendAt = decision.deferUntil;
    }
    // The row first, then the job: a worker that picks the job up at once finds the row ready.
    const next = sendAt
      ? await this.notifications.transition(notification.id, 'SCHEDULED', { scheduledAt: sendAt })
      : await this.notifications.transition(notification.id, 'QUEUED');
    try {
      await this.queues.add(next, sendAt ? sendAt.getTime() - Date.now() : 0);
    } catch (error) {
      // The row stays SCHEDULED/QUEUED; the recovery sweep adds the job once Redis answers again.
      this.logger.error(`Could not queue notification ${notification.id}: ${(error as Error).message}`);
    }
    return next;
  }
}
