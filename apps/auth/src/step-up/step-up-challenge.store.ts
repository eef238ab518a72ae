import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';
import { AUTH_CONFIG, AuthConfig } from '../config/auth-config';
import { SealedCode } from '../two-factor/one-time-codes';

const webauthnKey = (ns: RedisNamespace, userId: string) => ns.key('auth', 'step-up', 'webauthn', userId);
const codeKey = (ns: RedisNamespace, userId: string, method: string) =>
  ns.key('auth', 'step-up', 'code', userId, method);
const sendsKey = (ns: RedisNamespace, userId: string) => ns.key('auth', 'step-up', 'sends', userId);

// Counts a send in a window that starts with the first one.
const COUNT_SEND = `
local sends = redis.call('INCR', KEYS[1])
if sends == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
return sends`;

// Counts a wrong answer and drops the code once the budget is spent.
const COUNT_FAILURE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts >= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) end
return attempts`;

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
    const sends = await this.redis.eval(COUNT_SEND, 1, sendsKey(this.namespace, userId), ttl);
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
      COUNT_FAILURE,
      1,
      codeKey(this.namespace, userId, method),
      this.config.twoFactor.maxAttempts,
    );
  }
}
