import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT } from '@orion/core';
import type Redis from 'ioredis';

const STREAMS_PREFIX = 'orion:notification:inbox-streams:';

/**
 * The open inbox streams of each user across every instance: a sorted set of stream ids by the
 * time they opened. A crashed instance's entries are the oldest, so they are the first evicted,
 * and the whole set lapses once no stream has opened for a token lifetime.
 */
@Injectable()
export class InboxStreamStore {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  /** Records an opened stream; returns the ids beyond the newest `max`, which must close. */
  async register(
    userId: string,
    streamId: string,
    openedAtMs: number,
    max: number,
    ttlMs: number,
  ): Promise<string[]> {
    const key = STREAMS_PREFIX + userId;
    const results = await this.redis
      .multi()
      .zadd(key, openedAtMs, streamId)
      .pexpire(key, ttlMs)
      .zrange(key, '0', String(-(max + 1)))
      .exec();
    const evicted = (results?.[2]?.[1] as string[] | undefined) ?? [];
    if (evicted.length > 0) await this.redis.zrem(key, ...evicted);
    return evicted;
  }

  async unregister(userId: string, streamId: string): Promise<void> {
    await this.redis.zrem(STREAMS_PREFIX + userId, streamId);
  }
}
