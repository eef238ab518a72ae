import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';

const registrationKey = (ns: RedisNamespace, userId: string) =>
  ns.key('auth', 'webauthn-registration', userId);

/** The challenge of each user's pending WebAuthn registration, in Redis. */
@Injectable()
export class WebAuthnRegistrationsStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  async keep(userId: string, challenge: string, ttlS: number): Promise<void> {
    await this.redis.set(registrationKey(this.namespace, userId), challenge, 'EX', ttlS);
  }

  /** The challenge, once: a challenge answers one ceremony, whatever its outcome. */
  take(userId: string): Promise<string | null> {
    return this.redis.getdel(registrationKey(this.namespace, userId));
  }
}
