import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { COUNT_ATTEMPT, COUNT_IN_WINDOW } from '../redis/counter-scripts.store';
import { SealedCode } from '../two-factor/two-factor.types';

const webauthnKey = (ns: RedisNamespace, userId: string) => ns.key('auth', 'step-up', 'webauthn', userId);
const codeKey = (ns: RedisNamespace, userId: string, method: string) =>
  ns.key('auth', 'step-up', 'code', userId, method);
const sendsKey = (ns: RedisNamespace, userId: string) => ns.key('auth', 'step-up', 'sends', userId);

/**
 * What a step-up by a second factor waits for, per user, in Redis: the WebAuthn challenge (one
 * ceremony, taken once) or the sealed SMS or e-mail code with its attempt count.
 */
@Injectable()
export class StepUpChallengeStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** How long the send budget's window lasts: a code's lifetime. */
  get codeWindowS(): number {
    return this.config.twoFactor.codeTtlS;
  }

  async rememberWebAuthnChallenge(userId: string, challenge: string): Promise<void> {
    await this.redis.set(
      webauthnKey(this.namespace, userId),
      challenge,
      'EX',
      this.config.twoFactor.challengeTtlS,
    );
  }

  /** The challenge of the last options, once: whatever the outcome, the next try needs new ones. */
  takeWebAuthnChallenge(userId: string): Promise<string | null> {
    return this.redis.getdel(webauthnKey(this.namespace, userId));
  }

  /** Counts a code sent to the user; false once over the budget of a code's lifetime. */
  async mayAnotherCodeBeSent(userId: string): Promise<boolean> {
    const ttl = this.config.twoFactor.codeTtlS;
    const sends = await this.redis.eval(COUNT_IN_WINDOW, 1, sendsKey(this.namespace, userId), ttl);
    return Number(sends) <= this.config.twoFactor.maxAttempts;
  }

  async rememberCode(userId: string, method: string, sealed: SealedCode): Promise<void> {
    const key = codeKey(this.namespace, userId, method);
    await this.redis
      .multi()
      .hset(key, { sealed, attempts: '0' })
      .expire(key, this.config.twoFactor.codeTtlS)
      .exec();
  }

  sealedCode(userId: string, method: string): Promise<string | null> {
    return this.redis.hget(codeKey(this.namespace, userId, method), 'sealed');
  }

  /** True for the one caller that takes the right code: a code answers one step-up. */
  async takeCode(userId: string, method: string): Promise<boolean> {
    return (await this.redis.del(codeKey(this.namespace, userId, method))) === 1;
  }

  async recordWrongCode(userId: string, method: string): Promise<void> {
    await this.redis.eval(
      COUNT_ATTEMPT,
      1,
      codeKey(this.namespace, userId, method),
      this.config.twoFactor.maxAttempts,
    );
  }
}
