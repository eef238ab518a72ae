import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, REDIS_CLIENT, RedisNamespace, SecretBox, sha256Hex } from '@orion/core';
import type Redis from 'ioredis';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { COUNT_ATTEMPT } from '../redis/counter-scripts.store';
import type { PendingSignIn } from '../sign-in/sign-in.types';
import type { MfaMethod } from '../two-factor/two-factor.types';
import { StoredChallenge } from './mfa.types';

const key = (ns: RedisNamespace, challengeToken: string) =>
  ns.key('auth', 'mfa-challenge', sha256Hex(challengeToken));

// HINCRBY would recreate a deleted hash, so the script checks that the challenge still exists.
const SET_IF_LIVE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local sends = redis.call('HINCRBY', KEYS[1], 'sends', tonumber(ARGV[3]))
if sends > tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

/**
 * Pending sign-ins waiting for their second factor, in Redis under the hash of an opaque token:
 * short TTL, a shared attempt budget for every wrong answer, deleted on success (single use).
 * The pending sign-in (address, IP) is sealed, so Redis never holds it in clear.
 */
@Injectable()
export class MfaChallengeStore {
  private readonly box: SecretBox;

  constructor(
    private readonly clock: Clock,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {
    this.box = new SecretBox(config.keyEncryptionSecret, 'mfa-challenge');
  }

  get maxAttempts(): number {
    return this.config.twoFactor.maxAttempts;
  }

  async create(
    pending: PendingSignIn,
    methods: MfaMethod[],
    now = this.clock.now(),
  ): Promise<{ challengeToken: string; expiresAt: string }> {
    const challengeToken = randomBytes(32).toString('base64url');
    const ttlS = this.config.twoFactor.challengeTtlS;
    const expiresAt = new Date(now.getTime() + ttlS * 1000).toISOString();
    await this.redis
      .multi()
      .hset(key(this.namespace, challengeToken), {
        pending: this.box.seal(JSON.stringify(pending)),
        methods: JSON.stringify(methods),
        expiresAt,
        attempts: '0',
        sends: '0',
      })
      .expire(key(this.namespace, challengeToken), ttlS)
      .exec();
    return { challengeToken, expiresAt };
  }

  async find(challengeToken: string): Promise<StoredChallenge | null> {
    const fields = await this.redis.hgetall(key(this.namespace, challengeToken));
    if (!fields.pending || !fields.methods || !fields.expiresAt) return null;
    return {
      pending: JSON.parse(this.box.openText(fields.pending)) as PendingSignIn,
      methods: JSON.parse(fields.methods) as MfaMethod[],
      expiresAt: fields.expiresAt,
      attempts: Number(fields.attempts ?? 0),
      codeDigests: {
        ...(fields['code:sms'] && { sms: fields['code:sms'] }),
        ...(fields['code:email'] && { email: fields['code:email'] }),
      },
      webauthnChallenge: fields.webauthn ?? null,
    };
  }

  /** Counts a wrong answer; returns the attempts left (0 = the challenge is gone). */
  async recordFailure(challengeToken: string): Promise<number> {
    const attempts = Number(
      await this.redis.eval(COUNT_ATTEMPT, 1, key(this.namespace, challengeToken), this.maxAttempts),
    );
    return attempts < 0 ? 0 : Math.max(0, this.maxAttempts - attempts);
  }

  /**
   * Remembers the digest of a code just sent. Sends are budgeted like attempts so a challenge
   * cannot be used to pump SMS. Returns false when the challenge is gone or out of sends.
   */
  async rememberCode(challengeToken: string, channel: 'sms' | 'email', digest: string): Promise<boolean> {
    const result = await this.redis.eval(
      SET_IF_LIVE,
      1,
      key(this.namespace, challengeToken),
      `code:${channel}`,
      digest,
      1,
      this.maxAttempts,
    );
    return Number(result) === 1;
  }

  async rememberWebAuthnChallenge(challengeToken: string, challenge: string): Promise<boolean> {
    const result = await this.redis.eval(
      SET_IF_LIVE,
      1,
      key(this.namespace, challengeToken),
      'webauthn',
      challenge,
      0,
      this.maxAttempts,
    );
    return Number(result) === 1;
  }

  /** Deletes the challenge; true for exactly one caller, so a challenge completes once. */
  async consume(challengeToken: string): Promise<boolean> {
    return (await this.redis.del(key(this.namespace, challengeToken))) === 1;
  }
}
