import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';

/** How often the owner of a taken address hears of sign-ups for it, at most. */
export const REGISTRATION_NOTICE_INTERVAL_S = 15 * 60;

const key = (ns: RedisNamespace, subject: string) =>
  ns.key('user', 'registration-notice', encodeURIComponent(subject));

/**
 * One notice per address owner per interval, shared by every replica: repeated sign-ups for a
 * taken address cannot flood its owner's inbox through us.
 */
@Injectable()
export class RegistrationNoticesStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  /** True when no notice went to `subject` within the interval (and one may go now). */
  async claim(subject: string): Promise<boolean> {
    const set = await this.redis.set(
      key(this.namespace, subject),
      '1',
      'EX',
      REGISTRATION_NOTICE_INTERVAL_S,
      'NX',
    );
    return set === 'OK';
  }
}
