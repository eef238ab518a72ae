import { ConfigurationError } from '@orion/core';
import { z } from 'zod';

export interface GrantExpiryConfig {
  /** Pause between sweeps; 0 turns the sweeper off (another replica, or tests that sweep by hand). */
  intervalMs: number;
  batchSize: number;
}

export const GRANT_EXPIRY_CONFIG = Symbol('GRANT_EXPIRY_CONFIG');

const schema = z.object({
  GRANT_EXPIRY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  GRANT_EXPIRY_SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
});

/** Read at boot like every other variable: a bad value stops the service naming it. */
export function loadGrantExpiryConfig(env: NodeJS.ProcessEnv = process.env): GrantExpiryConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return {
    intervalMs: parsed.data.GRANT_EXPIRY_SWEEP_INTERVAL_MS,
    batchSize: parsed.data.GRANT_EXPIRY_SWEEP_BATCH_SIZE,
  };
}
