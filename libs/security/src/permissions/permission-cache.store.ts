import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Clock, REDIS_CLIENT, RedisNamespace, SYSTEM_CLOCK } from '@orion/core';
import { invalidateAllApiKeys, invalidateApiKeysOfOwner } from '../api-keys/api-key-cache.store';
import type Redis from 'ioredis';
import { CacheSeal } from '../cache/cache-seal';
import { SecurityKeys } from '../security.keys';
import { ResolvedSecurityOptions, SECURITY_OPTIONS } from '../security.options';
import { PermissionChecker, PermissionDecision, PermissionQuery } from './permission-checker';

interface CachedDecision {
  versions: string;
  decision: PermissionDecision;
}

/**
 * A cache in Redis, shared by every instance, in front of the PermissionChecker. Each entry records
 * the global and per-user permission versions it was computed under; bumping either version (see
 * invalidate*) makes every instance re-ask on the next request, without finding or deleting entries.
 * Versions and entry come back in one MGET.
 */
@Injectable()
export class PermissionCache {
  private readonly logger = new Logger(PermissionCache.name);
  private readonly seal: CacheSeal;
  private readonly keys: SecurityKeys;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) namespace: RedisNamespace,
    @Inject(SECURITY_OPTIONS) private readonly options: ResolvedSecurityOptions,
    @Optional() private readonly checker?: PermissionChecker,
    @Optional() private readonly clock: Clock = SYSTEM_CLOCK,
  ) {
    this.seal = new CacheSeal(options.cacheMacKey);
    this.keys = new SecurityKeys(namespace);
  }

  async check(query: PermissionQuery): Promise<PermissionDecision> {
    const key = this.keys.permissionDecision(
      this.options.cacheNamespace,
      query.userId,
      query.permission,
      query.scope,
      query.scopeId,
      query.parentScopeId,
    );
    let versions: string;
    try {
      const [global, user, cached] = await this.redis.mget(
        this.keys.globalPermissionVersion,
        this.keys.userPermissionVersion(query.userId),
        key,
      );
      // Read before asking: an invalidation while the checker answers leaves this entry stale.
      versions = `${global ?? 0}:${user ?? 0}`;
      const entry = cached === null ? undefined : this.open(key, cached);
      // validUntil is judged at read time too, so the answer changes exactly when a window does.
      const now = this.clock.now().getTime();
      if (entry?.versions === versions && msUntil(entry.decision.validUntil, now) > 0) return entry.decision;
    } catch (error) {
      // The checker stays the source of truth; only the cache is lost.
      this.logger.warn(`Permission cache unavailable: ${(error as Error).message}`);
      return this.ask(query);
    }
    const decision = await this.ask(query);
    // A grant that expires (or starts) changes the answer with no invalidation: keep it no longer.
    const ttlMs = Math.min(
      this.options.permissionCacheTtlS * 1000,
      msUntil(decision.validUntil, this.clock.now().getTime()),
    );
    if (ttlMs <= 0) return decision;
    const entry: CachedDecision = { versions, decision };
    await this.redis
      .set(key, this.seal.seal(key, JSON.stringify(entry)), 'PX', ttlMs)
      .catch((error: Error) => this.logger.warn(`Permission cache not written: ${error.message}`));
    return decision;
  }

  /** A forged or damaged entry is a miss: the checker answers, and the warning says why. */
  private open(key: string, stored: string): CachedDecision | undefined {
    const json = this.seal.open(key, stored);
    if (json === undefined) {
      this.logger.warn({ key }, 'Permission cache entry with a bad MAC ignored');
      return undefined;
    }
    return JSON.parse(json) as CachedDecision;
  }

  private async ask(query: PermissionQuery): Promise<PermissionDecision> {
    if (!this.checker) {
      throw new Error('A route requires a permission but SecurityModule was given no permissionChecker');
    }
    const { allowed, reason, validUntil } = await this.checker.check(query);
    return {
      allowed,
      ...(reason !== undefined && { reason }),
      ...(validUntil !== undefined && { validUntil }),
    };
  }
}

function msUntil(moment: string | undefined, now: number): number {
  if (moment === undefined) return Number.POSITIVE_INFINITY;
  const at = Date.parse(moment);
  return Number.isNaN(at) ? 0 : at - now;
}

/**
 * Call after a user's roles or grants change: every instance re-asks on its next request, for the
 * user and for the user's API keys (whose scopes are bounded by what the user holds).
 */
export async function invalidateUserPermissions(
  redis: Redis,
  namespace: RedisNamespace,
  userId: string,
): Promise<void> {
  await redis.incr(new SecurityKeys(namespace).userPermissionVersion(userId));
  await invalidateApiKeysOfOwner(redis, namespace, userId);
}

/** Call after a change that affects many users (a role's permissions, a permission removed). */
export async function invalidateAllPermissions(redis: Redis, namespace: RedisNamespace): Promise<void> {
  await redis.incr(new SecurityKeys(namespace).globalPermissionVersion);
  await invalidateAllApiKeys(redis, namespace);
}
