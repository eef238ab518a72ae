import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NOTIFICATION_BATCH_QUEUE } from '@orion/contracts';
import { RedisNamespace, SERVICE_CONFIG, ServiceConfig } from '@orion/core';
import { Job, Worker } from 'bullmq';
import { DELIVERY_CONFIG, DeliveryConfig } from '../delivery/delivery.config';
import { bullConnection } from '../delivery/delivery-queues.service';
import { BatchExpansionService } from './batch-expansion.service';
import { BatchJobData, BatchJobName, BatchQueueService } from './batch-queue.service';
import { BatchesService } from './batches.service';

/**
 * The batch worker, thin: expansion, then a settle check re-queued until every message has an
 * outcome. Runs where delivery workers run (DELIVERY_WORKERS_ENABLED), with the same queue prefix.
 */
@Injectable()
export class BatchesProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BatchesProcessor.name);
  private worker?: Worker<BatchJobData, void, BatchJobName>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
    @Inject(DELIVERY_CONFIG) private readonly delivery: DeliveryConfig,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
    private readonly expansion: BatchExpansionService,
    private readonly queue: BatchQueueService,
    private readonly batches: BatchesService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.delivery.workersEnabled) return;
    this.worker = new Worker<BatchJobData, void, BatchJobName>(
      NOTIFICATION_BATCH_QUEUE,
      (job) => this.process(job),
      {
        connection: bullConnection(this.service.redis),
        prefix: this.namespace.queuePrefix,
        concurrency: 2,
        lockDuration: this.delivery.lockDurationMs,
        stalledInterval: this.delivery.stalledIntervalMs,
      },
    );
    this.worker.on('error', (error) => this.logger.warn(`Batch worker: ${error.message}`));
    void this.recover();
  }

  /** Queues the expansion of batches accepted while the queue was unreachable; a queued one stays single. */
  private async recover(): Promise<void> {
    try {
      await this.batches.queueUnstarted(1_000);
    } catch (error) {
      this.logger.warn(`Batch recovery: ${(error as Error).message}`);
    }
  }

  async process(job: Job<BatchJobData, void, BatchJobName>): Promise<void> {
    const { batchId } = job.data;
    if (job.name === 'expand') {
      await this.expansion.expand(batchId);
      if (!(await this.expansion.settle(batchId))) await this.queue.settleLater(batchId);
      return;
    }
    if (!(await this.expansion.settle(batchId))) await this.queue.settleLater(batchId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
