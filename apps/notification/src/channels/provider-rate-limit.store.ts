import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { CHANNELS_CONFIG, ChannelsConfig } from './channels.config';

/** Each provider's rate limit, shared by every process through Redis. */
@Injectable()
export class ProviderRateLimitStore {
  private readonly limiters = new Map<string, RateLimiterRedis>();

  constructor(
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  /** Takes one token of the provider's limit; returns null, or how long to wait when it is used up. */
  async take(provider: string): Promise<{ retryAfterMs: number } | null> {
    try {
      await this.limiterOf(provider).consume(provider);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return { retryAfterMs: rejection.msBeforeNext };
      throw rejection;
    }
  }

  private limiterOf(provider: string): RateLimiterRedis {
    let limiter = this.limiters.get(provider);
    if (!limiter) {
      const limit = this.config.rateLimits.perProvider[provider] ?? this.config.rateLimits.defaultLimit;
      limiter = new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: this.namespace.key('notification', 'provider-rate'),
        points: limit.points,
        duration: limit.durationS,
        // While Redis is unreachable each process limits on its own rather than stopping delivery.
        insuranceLimiter: new RateLimiterMemory({ points: limit.points, duration: limit.durationS }),
      });
      this.limiters.set(provider, limiter);
    }
    return limiter;
  }
}
