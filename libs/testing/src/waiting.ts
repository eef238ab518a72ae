import type { Redis } from 'ioredis';

/** Waits out real time. Only for what really runs on the wall clock (sockets, child processes). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface EventuallyOptions {
  /** How long to keep asking before failing (default 15 s). */
  timeoutMs?: number;
  /** How long to wait between two questions (default 50 ms). */
  intervalMs?: number;
}

/**
 * Asks `probe` until it answers something other than `undefined`, `null` or `false`, and returns
 * that answer; fails naming `what` when it has not by the deadline. For effects that happen
 * after the answer (events, queues, e-mails), never for rules that depend on time: those move
 * the clock (see `controlClock`).
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  { timeoutMs = 15_000, intervalMs = 50 }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * Waits until at least `count` connections subscribe to `channel` (PUBSUB NUMSUB): a transport
 * server subscribes in the background once Redis is ready, and a command published before that
 * is dropped without a word.
 */
export async function waitForSubscribers(
  redis: Redis,
  channel: string,
  { count = 1, ...options }: EventuallyOptions & { count?: number } = {},
): Promise<void> {
  await eventually(
    async () => {
      const [, subscribers] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
      return Number(subscribers) >= count;
    },
    `${count} subscriber(s) on ${channel}`,
    options,
  );
}
