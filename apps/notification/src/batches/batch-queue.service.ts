import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { NOTIFICATION_BATCH_QUEUE } from '@orion/contracts';
import type { Queue } from 'bullmq';
import { BATCHES_CONFIG, BatchesConfig } from './batches.config';

export type BatchJobName = 'expand' | 'settle';

export interface BatchJobData {
  batchId: string;
}

/** Jobs of the batch queue: one expansion per batch, then settle checks until it is done. */
@Injectable()
export class BatchQueueService {
  constructor(
    @InjectQueue(NOTIFICATION_BATCH_QUEUE) private readonly queue: Queue<BatchJobData, void, BatchJobName>,
    @Inject(BATCHES_CONFIG) private readonly config: BatchesConfig,
  ) {}

  /** The job id is derived from the batch: accepting the same batch twice leaves one expansion. */
  async expand(batchId: string): Promise<void> {
    await this.queue.add(
      'expand',
      { batchId },
      {
        jobId: `expand-${batchId}`,
        attempts: 10,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { age: 86_400 },
        removeOnFail: { age: 7 * 86_400 },
      },
    );
  }

  async settleLater(batchId: string, delayMs = this.config.settleIntervalMs): Promise<void> {
    await this.queue.add(
      'settle',
      { batchId },
      { delay: delayMs, attempts: 5, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: true },
    );
  }
}
