import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import {
  invalidateAllPermissions,
  invalidateApiKey,
  invalidateUserPermissions,
  revokeUserTokensBefore,
} from '@orion/security';
import type Redis from 'ioredis';

/**
 * What the user service writes into every service's access caches in Redis: permission decisions
 * and API-key entries to re-ask, and access tokens to refuse. The keys are the security library's
 * (every guard reads them); this class is the one place in the app that holds the Redis client
 * for them.
 */
@Injectable()
export class AccessCacheStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  /** The next check of this user, or of a key they own, asks the user service again. */
  forgetUser(userId: string): Promise<void> {
    return invalidateUserPermissions(this.redis, this.namespace, userId);
  }

  /** Every cached decision and key is asked again (a role's permissions changed). */
  forgetEveryone(): Promise<void> {
    return invalidateAllPermissions(this.redis, this.namespace);
  }

  forgetApiKey(keyId: string): Promise<void> {
    return invalidateApiKey(this.redis, this.namespace, keyId);
  }

  /** Access tokens of the user issued before `when` are refused by every service. */
  refuseTokensBefore(userId: string, when: Date): Promise<void> {
    return revokeUserTokensBefore(this.redis, this.namespace, userId, when);
  }
}
