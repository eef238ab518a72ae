import type Redis from 'ioredis';
import { runClosedLoop } from '../lib/closed-loop';
import { Measurement } from '../lib/measurement';

/** One GET of a small value per operation: the least a cached check in Redis can cost. */
export async function measureRedisGet(
  redis: Redis,
  concurrency: number,
  warmupS: number,
  durationS: number,
): Promise<Measurement> {
  const key = 'bench:baseline:redis-get';
  await redis.set(
    key,
    JSON.stringify({ versions: '0:0', decision: { allowed: true, reason: 'role support' } }),
  );
  try {
    return await runClosedLoop(
      {
        label: `Redis GET, ${concurrency} at a time`,
        concurrency,
        operation: async () => {
          if ((await redis.get(key)) === null) throw new Error('the key is gone');
        },
      },
      warmupS,
      durationS,
    );
  } finally {
    await redis.del(key);
  }
}
