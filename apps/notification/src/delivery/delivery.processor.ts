import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NOTIFICATION_PRIORITIES, NOTIFICATION_QUEUES } from '@orion/contracts';
import { RedisNamespace, SERVICE_CONFIG, ServiceConfig } from '@orion/core';
import { Job, Worker } from 'bullmq';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import { bullConnection, DeliveryJobData } from './delivery-queues.service';
import { DeliveryService } from './delivery.service';
import { retryDelayMs, RetryLaterError } from './retry-backoff';

/**
 * One BullMQ worker per priority lane, each with its own concurrency. A worker that dies
 * mid-delivery stops renewing its job lock; after lockDuration another worker's stalled-job check
 * takes the job over and the delivery's re-run is safe.
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryProcessor.name);
  private readonly workers: Worker<DeliveryJobData>[] = [];

  constructor(
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
    private readonly delivery: DeliveryService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workersEnabled) return;
    for (const priority of NOTIFICATION_PRIORITIES) {
      const worker = new Worker<DeliveryJobData>(
        NOTIFICATION_QUEUES[priority],
        (job, token) => this.delivery.deliver(job, token),
        {
          connection: bullConnection(this.service.redis),
          prefix: this.namespace.queuePrefix,
          concurrency: this.config.concurrency[priority],
          lockDuration: this.config.lockDurationMs,
          stalledInterval: this.config.stalledIntervalMs,
          maxStalledCount: this.config.maxStalledCount,
          settings: {
            backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
              error instanceof RetryLaterError
                ? error.delayMs
                : retryDelayMs(attemptsMade, {
                    baseMs: this.config.backoffBaseMs,
                    maxMs: this.config.backoffMaxMs,
                  }),
          },
        },
      );
      worker.on('failed', (job, error) => void this.onFailed(job, error));
      worker.on('error', (error) => this.logger.warn(`Worker ${priority}: ${error.message}`));
      this.workers.push(worker);
    }
  }

  private async onFailed(job: Job<DeliveryJobData> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const retriesLeft = job.attemptsMade < (job.opts.attempts ?? 1) && !/stalled/i.test(error.message);
    if (retriesLeft) return;
    await this.delivery
      .giveUp(job.data.notificationId, `DELIVERY_ABANDONED: ${error.message}`)
      .catch((e: Error) =>
        this.logger.error(`Could not mark ${job.data.notificationId} failed: ${e.message}`),
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
