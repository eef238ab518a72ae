import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';

const streamsKey = (ns: RedisNamespace, userId: string) => ns.key('notification', 'inbox-streams', userId);

/**
 * The open inbox streams of each user across every instance: a sorted set of stream ids by the
 * time they opened. A crashed instance's entries are the oldest, so they are the first evicted,
 * and the whole set lapses once no stream has opened for a token lifetime.
 */
@Injectable()
export class InboxStreamStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  /** Records an opened stream; returns the ids beyond the newest `max`, which must close. */
  async register(
    userId: string,
    streamId: string,
    openedAtMs: number,
    max: number,
    ttlMs: number,
  ): Promise<string[]> {
    const key = streamsKey(this.namespace, userId);
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
    await this.redis.zrem(streamsKey(this.namespace, userId), streamId);
  }

  /** The user's inbox channel (`<namespace>:inbox:<user id>`), shared by every instance. */
  channelOf(userId: string): string {
    return this.namespace.channel('inbox', userId);
  }

  /** Tells every instance's streams of the user (a message on the user's channel). */
  async announce(userId: string, message: string): Promise<void> {
    await this.redis.publish(this.channelOf(userId), message);
  }
}
