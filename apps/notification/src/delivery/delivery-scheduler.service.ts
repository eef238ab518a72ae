import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@orion/core';
import { DeliveryPolicyService } from '../preferences/delivery-policy.service';
import type { NotificationRecord } from '../notifications/notifications.types';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { DeliveryQueuesService } from './delivery-queues.service';

/**
 * Takes a freshly stored notification to the queue: asks the user's delivery policy first
 * (opt-outs cancel it, quiet hours defer it), then adds a job, delayed for scheduled sends.
 */
@Injectable()
export class DeliverySchedulerService {
  private readonly logger = new Logger(DeliverySchedulerService.name);

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly queues: DeliveryQueuesService,
    private readonly policy: DeliveryPolicyService,
    private readonly clock: Clock,
  ) {}

  async schedule(notification: NotificationRecord): Promise<NotificationRecord> {
    const now = this.clock.now();
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
      await this.queues.add(next, sendAt ? sendAt.getTime() - this.clock.now().getTime() : 0);
    } catch (error) {
      // The row stays SCHEDULED/QUEUED; the recovery sweep adds the job once Redis answers again.
      this.logger.error(`Could not queue notification ${notification.id}: ${(error as Error).message}`);
    }
    return next;
  }
}
