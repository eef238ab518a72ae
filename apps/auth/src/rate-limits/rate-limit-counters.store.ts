import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { RateLimitRule } from './rate-limit.types';

/** What makes a rule's counters: a changed rule starts fresh counters rather than misreading the old ones. */
export const signatureOf = (rule: RateLimitRule): string =>
  `${rule.limit}/${rule.windowSeconds}/${rule.blockDurationSeconds}`;

/** The Redis counters of each rule, shared by every instance of the service. */
@Injectable()
export class RateLimitCountersStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  limiterFor(rule: RateLimitRule): RateLimiterRedis {
    return new RateLimiterRedis({
      storeClient: this.redis,
      keyPrefix: this.namespace.key('auth', 'rate', rule.key, signatureOf(rule)),
      points: rule.limit,
      duration: rule.windowSeconds,
      blockDuration: rule.blockDurationSeconds,
      // While Redis is unreachable each instance counts on its own instead of failing requests.
      insuranceLimiter: new RateLimiterMemory({
        keyPrefix: rule.key,
        points: rule.limit,
        duration: rule.windowSeconds,
        blockDuration: rule.blockDurationSeconds,
      }),
    });
  }
}
