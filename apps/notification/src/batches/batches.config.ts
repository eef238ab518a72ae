import { ConfigurationError } from '@orion/core';
import { z } from 'zod';

export interface BatchesConfig {
  /** Recipients expanded per round; progress is recorded after each. */
  chunkSize: number;
  /** Sends in flight at once while expanding a chunk. */
  sendConcurrency: number;
  /** Pause between checks whether a batch's messages have all settled. */
  settleIntervalMs: number;
  /** Largest recipient list one request may carry. */
  maxRecipients: number;
}

export const BATCHES_CONFIG = Symbol('BATCHES_CONFIG');

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  BATCH_CHUNK_SIZE: integer(1, 10_000).default(500),
  BATCH_SEND_CONCURRENCY: integer(1, 200).default(10),
  BATCH_SETTLE_INTERVAL_MS: integer(50, 3_600_000).default(5_000),
  BATCH_MAX_RECIPIENTS: integer(1, 1_000_000).default(100_000),
});

/** Read at boot like every other variable: a bad value stops the service naming it. */
export function loadBatchesConfig(env: NodeJS.ProcessEnv = process.env): BatchesConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return {
    chunkSize: parsed.data.BATCH_CHUNK_SIZE,
    sendConcurrency: parsed.data.BATCH_SEND_CONCURRENCY,
    settleIntervalMs: parsed.data.BATCH_SETTLE_INTERVAL_MS,
    maxRecipients: parsed.data.BATCH_MAX_RECIPIENTS,
  };
}
