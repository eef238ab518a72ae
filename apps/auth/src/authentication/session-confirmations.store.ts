import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';

const key = (ns: RedisNamespace, familyId: string) => ns.key('auth', 'session-confirmed', familyId);

/**
 * When the user service last confirmed that a sign-in's session is still active (on a refresh).
 * While the user service is down, a refresh may go on only shortly after such a confirmation.
 */
@Injectable()
export class SessionConfirmationsStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  async confirm(familyId: string, at: Date, keepS: number): Promise<void> {
    if (keepS <= 0) return;
    await this.redis.set(key(this.namespace, familyId), String(at.getTime()), 'EX', keepS);
  }

  async confirmedAt(familyId: string): Promise<Date | null> {
    const value = await this.redis.get(key(this.namespace, familyId));
    return value === null ? null : new Date(Number(value));
  }
}
