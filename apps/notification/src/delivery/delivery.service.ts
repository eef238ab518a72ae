import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@orion/core';
import { DelayedError, Job } from 'bullmq';
import { ChannelDispatcherService } from '../channels/channel-dispatcher.service';
import {
  AttemptReport,
  DeliveryReceipt,
  OutgoingMessage,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '../channels/channel-provider';
import { FINISHED_STATUSES, IllegalStatusTransitionError } from '../notifications/notification-status';
import type { NotificationRecord } from '../notifications/notifications.types';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { INTERNAL_CALLER } from '../notifications/send-notification.usecase';
import { DeliveryPolicyService } from '../preferences/delivery-policy.service';
import { DeliveryQueuesService, DeliveryJobData } from './delivery-queues.service';
import { retryDelayMs, RetryLaterError } from './retry-backoff';

export type DeliveryOutcome = 'sent' | 'failed' | 'retry' | 'skipped';

/** The key receivers deduplicate by: the same for every retry, every provider and every worker. */
export function deliveryIdempotencyKey(notification: { id: string; channel: string }): string {
  return `${notification.id}:${notification.channel}`;
}

function toMessage(n: NotificationRecord): OutgoingMessage {
  return {
    notificationId: n.id,
    channel: n.channel,
    to: n.recipient ?? n.userId ?? '',
    subject: n.subject ?? undefined,
    text: n.body,
    html: n.data.html,
    title: n.data.title,
    payload: n.data.payload,
    idempotencyKey: deliveryIdempotencyKey(n),
    attempt: n.attemptCount,
    sender: n.callerId === INTERNAL_CALLER ? { kind: 'platform' } : { kind: 'caller', ownerId: n.ownerId },
  };
}

/**
 * One delivery try of one notification: claim it (PROCESSING), hand it to the channel dispatcher,
 * record every provider's answer as a DeliveryAttempt, and settle the status. A re-run after a
 * crash finds a finished notification and does nothing.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly dispatcher: ChannelDispatcherService,
    private readonly queues: DeliveryQueuesService,
    private readonly policy: DeliveryPolicyService,
    private readonly clock: Clock,
  ) {}

  /** `token` is the worker's lock on the job, needed to put it back as delayed. */
  async deliver(job: Job<DeliveryJobData>, token?: string): Promise<DeliveryOutcome> {
    const found = await this.notifications.findById(job.data.notificationId);
    if (!found || FINISHED_STATUSES.includes(found.status)) return 'skipped';
    if (found.userId && found.status !== 'PROCESSING' && (await this.heldBack(found, job, token)))
      return 'skipped';
    let claimed: NotificationRecord;
    try {
      if (found.status === 'SCHEDULED' || found.status === 'PENDING') {
        await this.notifications.transition(found.id, 'QUEUED', { nextAttemptAt: null });
      }
      claimed = await this.notifications.transition(found.id, 'PROCESSING', { countAttempt: true }, [
        'QUEUED',
        'PROCESSING',
      ]);
    } catch (error) {
      // Cancelled (or finished by another worker) between the read and the claim.
      if (error instanceof IllegalStatusTransitionError) return 'skipped';
      throw error;
    }
    const report = (attempt: AttemptReport) =>
      this.notifications.recordAttempt({
        notificationId: claimed.id,
        channel: claimed.channel,
        ...attempt,
        completedAt: this.clock.now(),
      });
    let receipt: DeliveryReceipt;
    try {
      receipt = await this.dispatcher.dispatch(toMessage(claimed), report);
    } catch (error) {
      return this.settleFailure(job, claimed, error);
    }
    const now = this.clock.now();
    // IN_APP is delivered the moment it is stored; other channels wait for the provider's receipt.
    if (claimed.channel === 'IN_APP') {
      await this.notifications.transition(claimed.id, 'DELIVERED', {
        sentAt: now,
        deliveredAt: now,
        lastError: null,
      });
    } else {
      await this.notifications.transition(claimed.id, 'SENT', { sentAt: now, lastError: null });
    }
    await receipt.afterRecorded?.();
    return 'sent';
  }

  private async settleFailure(
    job: Job<DeliveryJobData>,
    claimed: NotificationRecord,
    error: unknown,
  ): Promise<DeliveryOutcome> {
    const reason = error instanceof Error ? error.message : String(error);
    const lastError = `${(error as { code?: string }).code ?? 'DELIVERY_FAILED'}: ${reason}`.slice(0, 2000);
    const lastJobTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (
      error instanceof PermanentDeliveryError ||
      claimed.attemptCount >= claimed.maxAttempts ||
      lastJobTry
    ) {
      await this.notifications.transition(claimed.id, 'FAILED', {
        failedAt: this.clock.now(),
        lastError,
        nextAttemptAt: null,
      });
      this.logger.warn(`Notification ${claimed.id} failed after ${claimed.attemptCount} tries: ${lastError}`);
      return 'failed';
    }
    const settings = this.queues.settings;
    const retryAfter = error instanceof TransientDeliveryError ? error.retryAfterMs : undefined;
    const delayMs = retryDelayMs(
      claimed.attemptCount,
      { baseMs: settings.backoffBaseMs, maxMs: settings.backoffMaxMs },
      retryAfter,
    );
    await this.notifications.transition(claimed.id, 'QUEUED', {
      lastError,
      nextAttemptAt: new Date(this.clock.now().getTime() + delayMs),
    });
    // BullMQ keeps the job and runs it again after the delay the backoff strategy reads from this.
    throw new RetryLaterError(lastError, delayMs);
  }

  /**
   * The recipient may have changed their mind since the send was accepted (a scheduled send, a
   * retry): an opt-out now cancels it, quiet hours now put the job back until they end.
   */
  private async heldBack(n: NotificationRecord, job: Job<DeliveryJobData>, token?: string): Promise<boolean> {
    const now = this.clock.now();
    const decision = await this.policy.evaluate({
      userId: n.userId!,
      channel: n.channel,
      category: n.data.category,
      priority: n.priority,
      now,
    });
    try {
      if (!decision.allowed) {
        await this.notifications.transition(n.id, 'CANCELLED', {
          cancelledAt: now,
          lastError: `Not sent: ${decision.reason ?? 'refused by the recipient preferences'}`,
        });
        return true;
      }
      if (!decision.deferUntil || decision.deferUntil <= now || !token) return false;
      if (n.status !== 'QUEUED') await this.notifications.transition(n.id, 'QUEUED');
      await this.notifications.transition(n.id, 'SCHEDULED', { scheduledAt: decision.deferUntil });
    } catch (error) {
      if (error instanceof IllegalStatusTransitionError) return true;
      throw error;
    }
    await job.moveToDelayed(decision.deferUntil.getTime(), token);
    // Tells BullMQ the job was moved on purpose: not a failure, not an attempt.
    throw new DelayedError();
  }

  /** A job BullMQ gave up on (stalled too often, or an unexpected error on its last try): never dropped silently. */
  async giveUp(notificationId: string, reason: string): Promise<void> {
    try {
      await this.notifications.transition(
        notificationId,
        'FAILED',
        { failedAt: this.clock.now(), lastError: reason.slice(0, 2000), nextAttemptAt: null },
        ['PENDING', 'SCHEDULED', 'QUEUED', 'PROCESSING'],
      );
    } catch (error) {
      if (!(error instanceof IllegalStatusTransitionError)) throw error;
    }
  }
}
