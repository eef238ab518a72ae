import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';
import { COUNT_ATTEMPT, COUNT_IN_WINDOW } from '../redis/counter-scripts.store';

const enrolmentKey = (ns: RedisNamespace, factorId: string) =>
  ns.key('auth', 'two-factor-enrolment', factorId);
const enrolmentSendsKey = (ns: RedisNamespace, userId: string) =>
  ns.key('auth', 'two-factor-enrolment-sends', userId);

/**
 * The sealed code confirming a new SMS or e-mail factor, with its wrong answers, and the count of
 * enrolment codes sent to each user, in Redis.
 */
@Injectable()
export class EnrolmentCodesStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  /** Counts a code sent to the user in a window of `windowS` that starts with the first one. */
  async countSend(userId: string, windowS: number): Promise<number> {
    return Number(
      await this.redis.eval(COUNT_IN_WINDOW, 1, enrolmentSendsKey(this.namespace, userId), windowS),
    );
  }

  async keep(factorId: string, sealed: string, ttlS: number): Promise<void> {
    const key = enrolmentKey(this.namespace, factorId);
    await this.redis.multi().hset(key, { sealed, attempts: '0' }).expire(key, ttlS).exec();
  }

  sealed(factorId: string): Promise<string | null> {
    return this.redis.hget(enrolmentKey(this.namespace, factorId), 'sealed');
  }

  /** True for the one caller that takes the code. */
  async take(factorId: string): Promise<boolean> {
    return (await this.redis.del(enrolmentKey(this.namespace, factorId))) === 1;
  }

  /** Counts a wrong code; the code is dropped once `maxAttempts` are spent. */
  async recordWrongCode(factorId: string, maxAttempts: number): Promise<void> {
    await this.redis.eval(COUNT_ATTEMPT, 1, enrolmentKey(this.namespace, factorId), maxAttempts);
  }
}
