import { ConfigurationError } from '@orion/core';
import { z } from 'zod';
import type { Priority } from '../notifications/notifications.types';

/** How notifications are queued and delivered; validated at boot with the service configuration. */
export interface DeliveryConfig {
  /** Run the lane workers in this process (off for API-only replicas). */
  workersEnabled: boolean;
  /** Jobs one process works on at once, per priority lane. */
  concurrency: Record<Priority, number>;
  /** Tries per notification (each dispatch is one try, whatever the number of providers). */
  maxAttempts: number;
  /** Exponential backoff: base × 2^(try − 1), capped, with jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A worker holds a job's lock this long and renews it; a dead worker's job is taken over after it lapses. */
  lockDurationMs: number;
  /** How often workers look for jobs whose lock lapsed. */
  stalledIntervalMs: number;
  /** Take-overs of a stalled job before it is given up (the notification then ends FAILED). */
  maxStalledCount: number;
  /** How often waiting notifications without a job (Redis was down when they were stored) are queued again. */
  recoveryIntervalMs: number;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  DELIVERY_WORKERS_ENABLED: z.enum(['true', 'false']).default('true'),
  // Replaced by REDIS_NAMESPACE: a prefix of its own could put the queues beside another installation's.
  DELIVERY_QUEUE_PREFIX: z
    .undefined({
      message:
        'is no longer read: the queues live under REDIS_NAMESPACE (<namespace>:notification.…); remove it',
    })
    .optional(),
  DELIVERY_CONCURRENCY_URGENT: integer(1, 500).default(10),
  DELIVERY_CONCURRENCY_HIGH: integer(1, 500).default(10),
  DELIVERY_CONCURRENCY_NORMAL: integer(1, 500).default(5),
  DELIVERY_CONCURRENCY_LOW: integer(1, 500).default(2),
  DELIVERY_MAX_ATTEMPTS: integer(1, 20).default(5),
  DELIVERY_BACKOFF_BASE_MS: integer(1, 3_600_000).default(5_000),
  DELIVERY_BACKOFF_MAX_MS: integer(1, 86_400_000).default(3_600_000),
  DELIVERY_LOCK_DURATION_MS: integer(500, 600_000).default(30_000),
  DELIVERY_STALLED_INTERVAL_MS: integer(500, 600_000).default(30_000),
  DELIVERY_MAX_STALLED_COUNT: integer(1, 20).default(3),
  DELIVERY_RECOVERY_INTERVAL_MS: integer(1000, 3_600_000).default(60_000),
});

export const DELIVERY_CONFIG = Symbol('DELIVERY_CONFIG');

export function loadDeliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const v = parsed.data;
  if (v.DELIVERY_BACKOFF_BASE_MS > v.DELIVERY_BACKOFF_MAX_MS) {
    throw new ConfigurationError(['DELIVERY_BACKOFF_BASE_MS: must not exceed DELIVERY_BACKOFF_MAX_MS']);
  }
  return {
    workersEnabled: v.DELIVERY_WORKERS_ENABLED === 'true',
    concurrency: {
      urgent: v.DELIVERY_CONCURRENCY_URGENT,
      high: v.DELIVERY_CONCURRENCY_HIGH,
      normal: v.DELIVERY_CONCURRENCY_NORMAL,
      low: v.DELIVERY_CONCURRENCY_LOW,
    },
    maxAttempts: v.DELIVERY_MAX_ATTEMPTS,
    backoffBaseMs: v.DELIVERY_BACKOFF_BASE_MS,
    backoffMaxMs: v.DELIVERY_BACKOFF_MAX_MS,
    lockDurationMs: v.DELIVERY_LOCK_DURATION_MS,
    stalledIntervalMs: v.DELIVERY_STALLED_INTERVAL_MS,
    maxStalledCount: v.DELIVERY_MAX_STALLED_COUNT,
    recoveryIntervalMs: v.DELIVERY_RECOVERY_INTERVAL_MS,
  };
}
