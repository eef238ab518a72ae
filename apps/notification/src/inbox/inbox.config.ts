import { ConfigurationError } from '@orion/core';
import { z } from 'zod';

export interface InboxConfig {
  /** Interval of the comment line that keeps idle streams open through proxies. */
  heartbeatMs: number;
  /** A client this far behind (bytes queued) is disconnected; it reconnects and lists what it missed. */
  maxBufferedBytes: number;
  /** Open streams one user may hold across every instance; opening one more ends the oldest. */
  maxStreamsPerUser: number;
  /** Items a stream reopened with Last-Event-ID can replay; further behind gets `resync`. */
  replayMax: number;
  /** A user's replay log lapses this long after their last item. */
  replayTtlMs: number;
}

export const INBOX_CONFIG = Symbol('INBOX_CONFIG');

const schema = z.object({
  INBOX_STREAM_HEARTBEAT_MS: z.coerce.number().int().min(10).max(300_000).default(15_000),
  INBOX_STREAM_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  INBOX_STREAM_MAX_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  INBOX_STREAM_REPLAY_MAX: z.coerce.number().int().min(1).max(1000).default(100),
  INBOX_STREAM_REPLAY_TTL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(7 * 24 * 3_600_000)
    .default(3_600_000),
});

export function loadInboxConfig(env: NodeJS.ProcessEnv = process.env): InboxConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return {
    heartbeatMs: parsed.data.INBOX_STREAM_HEARTBEAT_MS,
    maxBufferedBytes: parsed.data.INBOX_STREAM_MAX_BUFFERED_BYTES,
    maxStreamsPerUser: parsed.data.INBOX_STREAM_MAX_PER_USER,
    replayMax: parsed.data.INBOX_STREAM_REPLAY_MAX,
    replayTtlMs: parsed.data.INBOX_STREAM_REPLAY_TTL_MS,
  };
}
