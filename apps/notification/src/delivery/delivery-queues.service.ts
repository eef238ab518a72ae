import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { NOTIFICATION_QUEUES } from '@orion/contracts';
import { RedisConnectionConfig, redisTlsOptions } from '@orion/core';
import type { ConnectionOptions, JobsOptions, Queue } from 'bullmq';
import { DELIVERY_CONFIG, DeliveryConfig } from './delivery.config';
import type { Priority } from '../notifications/notifications.types';

/** What a delivery job carries: only the id; the row is the truth. */
export interface DeliveryJobData {
  notificationId: string;
}

export const DELIVERY_JOB = 'deliver';

/**
 * BullMQ's own connections: they must wait for Redis instead of failing fast (maxRetriesPerRequest
 * null), unlike the service's shared client, so a blip never loses a worker's blocking read.
 */
export function bullConnection(redis: RedisConnectionConfig): ConnectionOptions {
  const url = new URL(redis.url);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: redisTlsOptions(redis),
    connectTimeout: redis.connectTimeoutMs,
    maxRetriesPerRequest: null,
  };
}

/** One queue per priority lane, so urgent messages never wait behind a bulk backlog. */
@Injectable()
export class DeliveryQueuesService {
  private readonly lanes: Record<Priority, Queue<DeliveryJobData>>;

  constructor(
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @InjectQueue(NOTIFICATION_QUEUES.urgent) urgent: Queue<DeliveryJobData>,
    @InjectQueue(NOTIFICATION_QUEUES.high) high: Queue<DeliveryJobData>,
    @InjectQueue(NOTIFICATION_QUEUES.normal) normal: Queue<DeliveryJobData>,
    @InjectQueue(NOTIFICATION_QUEUES.low) low: Queue<DeliveryJobData>,
  ) {
    this.lanes = { urgent, high, normal, low };
  }

  lane(priority: Priority): Queue<DeliveryJobData> {
    return this.lanes[priority];
  }

  /**
   * The job id is the notification id: adding the same notification twice (a retried request, a
   * recovery sweep) leaves one job.
   */
  async add(
    notification: { id: string; priority: Priority; maxAttempts: number },
    delayMs = 0,
  ): Promise<void> {
    const options: JobsOptions = {
      jobId: notification.id,
      attempts: notification.maxAttempts,
      backoff: { type: 'notification' },
      delay: Math.max(0, delayMs),
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 86400 },
    };
    await this.lane(notification.priority).add(DELIVERY_JOB, { notificationId: notification.id }, options);
  }

  /** Drops a waiting or delayed job (a cancelled notification); a running one finds the row cancelled. */
  async remove(notification: { id: string; priority: Priority }): Promise<void> {
    const job = await this.lane(notification.priority).getJob(notification.id);
    await job?.remove().catch(() => undefined);
  }

  get settings(): DeliveryConfig {
    return this.config;
  }
}
