import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, DomainError } from '@orion/core';
import { TransactionRunner } from '../database/transaction.runner';
import { SendNotificationUseCase } from '../notifications/send-notification.usecase';
import { countMessages, isSettled } from './batch-progress';
import type { BatchProgress, BatchRecord, BatchStatus, RecipientResult } from './batches.types';
import { BATCHES_CONFIG, BatchesConfig } from './batches.config';
import { BatchAudienceService } from './batch-audience.service';
import { BatchProgressRepository } from './batch-progress.repository';
import { BatchesRepository } from './batches.repository';

const REPORTED_FAILURES = 100;

/**
 * Expands a batch into one send per recipient, a chunk at a time, and settles it once every
 * message has an outcome. Safe to run again after a crash: recipients already handled are not
 * pending any more, and a send repeated for one that was mid-flight finds its notifications by
 * the idempotency key `<batchId>:<userId>`.
 */
@Injectable()
export class BatchExpansionService {
  private readonly logger = new Logger(BatchExpansionService.name);

  constructor(
    private readonly batches: BatchesRepository,
    private readonly counts: BatchProgressRepository,
    private readonly audience: BatchAudienceService,
    private readonly send: SendNotificationUseCase,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    @Inject(BATCHES_CONFIG) private readonly config: BatchesConfig,
  ) {}

  /** Returns when every recipient is handled, or the batch was cancelled. */
  async expand(batchId: string): Promise<void> {
    const batch = await this.batches.find(batchId);
    if (!batch || batch.status === 'CANCELLED' || batch.report) return;
    await this.batches.markStarted(batchId, this.clock.now());
    await this.audience.resolve(batch);
    for (;;) {
      const chunk = await this.batches.pendingRecipients(batchId, this.config.chunkSize);
      if (chunk.length === 0) return;
      const results: RecipientResult[] = [];
      for (let i = 0; i < chunk.length; i += this.config.sendConcurrency) {
        if (await this.cancelled(batchId)) break;
        const group = chunk.slice(i, i + this.config.sendConcurrency);
        results.push(...(await Promise.all(group.map((userId) => this.sendTo(batch, userId)))));
      }
      await this.transactions.run((tx) =>
        this.batches.recordOutcomes(batchId, results, this.clock.now(), tx),
      );
      if (await this.cancelled(batchId)) {
        // Messages created by this round after the cancel stop here.
        await this.batches.cancelMessages(batchId, this.clock.now());
        return;
      }
    }
  }

  /** Freezes the report when nothing is left in flight; returns whether the batch is settled. */
  async settle(batchId: string): Promise<boolean> {
    const progress = await this.progress(batchId);
    if (!progress) return true;
    if (progress.report) return true;
    // Recipients still pending belong to an expansion that is running (or will run again).
    if (progress.status !== 'CANCELLED' && (progress.recipients.pending > 0 || !progress.audienceResolved)) {
      return false;
    }
    if (!isSettled(progress.counts)) return false;
    const status: BatchStatus =
      progress.status === 'CANCELLED'
        ? 'CANCELLED'
        : progress.counts.sent === 0 && progress.counts.failed > 0
          ? 'FAILED'
          : 'SENT';
    const finished = await this.batches.finish(batchId, status, {
      status,
      counts: progress.counts,
      recipients: progress.recipients,
      failures: await this.counts.failures(batchId, REPORTED_FAILURES),
      completedAt: this.clock.now().toISOString(),
    });
    if (finished) this.logger.log({ batchId, status, counts: progress.counts }, 'batch settled');
    return true;
  }

  async progress(batchId: string): Promise<BatchProgress | null> {
    const batch = await this.batches.find(batchId);
    if (!batch) return null;
    const [{ withoutMessages, ...recipients }, byStatus] = await Promise.all([
      this.counts.recipientCounts(batchId),
      this.counts.messageCounts(batchId),
    ]);
    return { ...batch, recipients, counts: countMessages(batch, withoutMessages, byStatus) };
  }

  /**
   * A refusal no retry can change (unknown or deactivated user, no address for a channel) is the
   * recipient's outcome; anything else (user service or database down) fails the round, which the
   * queue runs again.
   */
  private async sendTo(batch: BatchRecord, userId: string): Promise<RecipientResult> {
    try {
      await this.send.execute({
        recipient: { userId },
        template: {
          key: batch.templateKey,
          version: batch.templateVersion ?? undefined,
          ...(batch.locale && { locale: batch.locale }),
        },
        channels: batch.channels,
        priority: batch.priority,
        variables: batch.variables,
        batchId: batch.id,
        idempotencyKey: `${batch.id}:${userId}`,
        correlationId: batch.id,
        callerId: batch.callerId,
        ownerId: batch.ownerId,
      });
      return { userId, outcome: 'QUEUED' };
    } catch (error) {
      if (error instanceof DomainError && error.status >= 400 && error.status < 500) {
        return { userId, outcome: 'REJECTED', errorCode: error.code, error: error.message };
      }
      throw error;
    }
  }

  private async cancelled(batchId: string): Promise<boolean> {
    return (await this.batches.find(batchId))?.status === 'CANCELLED';
  }
}
