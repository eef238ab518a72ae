import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@orion/core';
import { IllegalStatusTransitionError } from '../notifications/notification-status';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import { DeliveryQueuesService } from './delivery-queues.service';
import { DeliverySchedulerService } from './delivery-scheduler.service';

const SWEEP_BATCH = 500;

/**
 * The row is the truth, the job only a reminder: a notification stored while Redis was down (or
 * by a process that died before queueing it) is queued again here. Adding a job whose id already
 * exists does nothing, so sweeping rows that do have a job, or sweeping from several replicas, is harmless.
 */
@Injectable()
export class DeliveryRecoverySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryRecoverySweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    private readonly notifications: NotificationsRepository,
    private readonly queues: DeliveryQueuesService,
    private readonly scheduler: DeliverySchedulerService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workersEnabled) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: Error) => this.logger.warn(`Recovery sweep failed: ${error.message}`));
    }, this.config.recoveryIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Queues every waiting notification untouched for a whole interval (or since `before`); returns how many. */
  async sweep(
    before = new Date(this.clock.now().getTime() - this.config.recoveryIntervalMs),
  ): Promise<number> {
    const waiting = await this.notifications.findWaiting(before, SWEEP_BATCH);
    for (const notification of waiting) {
      try {
        if (notification.status === 'PENDING') {
          await this.scheduler.schedule(notification);
        } else {
          const delay =
            notification.status === 'SCHEDULED' && notification.scheduledAt
              ? notification.scheduledAt.getTime() - this.clock.now().getTime()
              : 0;
          await this.queues.add(notification, delay);
        }
      } catch (error) {
        // Another replica's sweep got there first.
        if (!(error instanceof IllegalStatusTransitionError)) throw error;
      }
    }
    return waiting.length;
  }
}
