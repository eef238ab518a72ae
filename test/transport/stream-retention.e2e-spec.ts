import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { trimAcknowledged } from '@orion/core';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Trimming after acknowledgement never takes an entry some consumer group still needs. */
describe('trimming acknowledged stream entries', () => {
  const redis = new Redis(REDIS_URL);
  const stream = `orion:test:retention:${randomUUID()}`;

  afterAll(async () => {
    await redis.del(stream);
    redis.disconnect();
  });

  const read = async (group: string) =>
    (
      (await redis.xreadgroup('GROUP', group, 'c1', 'COUNT', 10, 'STREAMS', stream, '>')) as [
        string,
        [string, string[]][],
      ][]
    )[0]![1].map(([id]) => id);

  it('keeps what one group has not acknowledged, unread or pending, and deletes what all have', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push((await redis.xadd(stream, '*', 'n', String(i))) as string);
    // No group yet: nobody has acknowledged anything.
    expect(await trimAcknowledged(redis, stream)).toBe(0);
    await redis.xgroup('CREATE', stream, 'fast', '0');
    await redis.xgroup('CREATE', stream, 'slow', '0');

    await redis.xack(stream, 'fast', ...(await read('fast')));
    // The slow group has read nothing: everything stays.
    expect(await trimAcknowledged(redis, stream)).toBe(0);

    const slow = await read('slow');
    await redis.xack(stream, 'slow', slow[0]!, slow[1]!);
    // The slow group still holds the third entry pending: only the first two go.
    expect(await trimAcknowledged(redis, stream)).toBe(2);
    expect(((await redis.xrange(stream, '-', '+')) as [string, string[]][]).map(([id]) => id)).toEqual(
      ids.slice(2),
    );

    await redis.xack(stream, 'slow', slow[2]!, slow[3]!);
    expect(await trimAcknowledged(redis, stream)).toBe(2);
    expect(await redis.xlen(stream)).toBe(0);
    // The groups stay, and a new entry is delivered as usual.
    await redis.xadd(stream, '*', 'n', '4');
    expect(await read('fast')).toHaveLength(1);
  });

  it('does nothing for a stream that does not exist', async () => {
    expect(await trimAcknowledged(redis, `${stream}:missing`)).toBe(0);
  });
});
