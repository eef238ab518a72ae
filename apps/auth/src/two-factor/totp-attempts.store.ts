import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';
import { COUNT_IN_WINDOW } from '../redis/counter-scripts.store';

const usedStepKey = (ns: RedisNamespace, factorId: string) => ns.key('auth', 'totp-last-step', factorId);
const failuresKey = (ns: RedisNamespace, userId: string) => ns.key('auth', 'totp-failures', userId);

// Compare-and-set of the last accepted time step: a step at or before it is a replay.
const CLAIM_STEP = `
local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) <= last then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return 1`;

/** What TOTP checks keep in Redis: the last time step each factor accepted, wrong codes per user. */
@Injectable()
export class TotpAttemptsStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  async failures(userId: string): Promise<number> {
    return Number(await this.redis.get(failuresKey(this.namespace, userId)));
  }

  /** Counts a wrong code in a window of `windowS` that starts with the first one. */
  async countFailure(userId: string, windowS: number): Promise<void> {
    await this.redis.eval(COUNT_IN_WINDOW, 1, failuresKey(this.namespace, userId), windowS);
  }

  /** True when `timeStep` is later than any the factor accepted before; it is then the last one. */
  async claimStep(factorId: string, timeStep: number, ttlS: number): Promise<boolean> {
    const claimed = await this.redis.eval(
      CLAIM_STEP,
      1,
      usedStepKey(this.namespace, factorId),
      timeStep,
      ttlS,
    );
    return Number(claimed) === 1;
  }
}
