import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace, SecretBox } from '@orion/core';
import type Redis from 'ioredis';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { TokenPair } from './token.types';

const key = (ns: RedisNamespace, rotatedTokenId: string) =>
  ns.key('auth', 'refresh-successor', rotatedTokenId);

/**
 * The pair a rotation returned, kept encrypted in Redis for the reuse grace window only, so a
 * concurrent refresh with the same token gets the very same pair. The database never holds it.
 */
@Injectable()
export class SuccessorCacheStore {
  private readonly box: SecretBox;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    this.box = new SecretBox(config.keyEncryptionSecret, 'refresh-successor');
  }

  async put(rotatedTokenId: string, pair: TokenPair, ttlS: number): Promise<void> {
    if (ttlS <= 0) return;
    await this.redis.set(
      key(this.namespace, rotatedTokenId),
      this.box.seal(JSON.stringify(pair)),
      'EX',
      ttlS + 1,
    );
  }

  async get(rotatedTokenId: string): Promise<TokenPair | null> {
    const sealed = await this.redis.get(key(this.namespace, rotatedTokenId));
    if (!sealed) return null;
    return JSON.parse(this.box.openText(sealed)) as TokenPair;
  }
}
