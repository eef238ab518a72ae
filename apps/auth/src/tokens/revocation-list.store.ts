import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import { revokeAccessToken, revokeUserTokensBefore, SecurityKeys } from '@orion/security';
import type Redis from 'ioredis';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { IssuedAccessToken } from './token.types';

// A not-before entry must outlive the longest access token, plus the verifiers' clock tolerance.
const NOT_BEFORE_MARGIN_S = 600;

/**
 * The Redis deny-list every service's verifier reads: access tokens refused by jti, and per user
 * the instant before which every access token is refused.
 */
@Injectable()
export class RevocationListStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async deny(tokens: Array<Pick<IssuedAccessToken, 'jti' | 'expiresAt'>>): Promise<void> {
    await Promise.all(
      tokens.map((token) => revokeAccessToken(this.redis, this.namespace, token.jti, token.expiresAt)),
    );
  }

  /** Refuses every access token of the user issued before `at`. */
  async refuseUserTokensBefore(userId: string, at: Date): Promise<void> {
    await revokeUserTokensBefore(
      this.redis,
      this.namespace,
      userId,
      at,
      this.config.accessTokenTtlS + NOT_BEFORE_MARGIN_S,
    );
  }

  /** The user's not-before instant in epoch seconds, 0 when there is none. */
  async userTokensNotBefore(userId: string): Promise<number> {
    return Number(await this.redis.get(new SecurityKeys(this.namespace).userTokensNotBefore(userId)));
  }

  /** Resolves once the client is connected, or after `timeoutMs`, whichever comes first. */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.redis.once('ready', done);
    });
  }
}
