import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Clock, REDIS_CLIENT, RedisNamespace, SYSTEM_CLOCK } from '@orion/core';
import type Redis from 'ioredis';
import { CacheSeal } from '../cache/cache-seal';
import { SecurityKeys } from '../security.keys';
import { ResolvedSecurityOptions, SECURITY_OPTIONS } from '../security.options';
import { ApiKeyVerifier, hashApiKey, VerifiedApiKey } from './api-key-verifier';

interface CachedApiKey extends Omit<VerifiedApiKey, 'expiresAt' | 'validUntil'> {
  expiresAt?: string;
  validUntil?: string;
  /** Invalidation sequence number read before the verifier was asked. */
  sequence: number;
}

// Longer than any cache entry (API_KEY_CACHE_TTL_S ≤ 3600) plus a slow verification.
const INVALIDATION_MARK_TTL_S = 2 * 60 * 60;

/**
 * A cache in Redis, shared by every instance, in front of the ApiKeyVerifier. Entries are keyed by
 * the key's SHA-256, never the key. Revocation is by keyId, which the cache key does not contain,
 * so invalidateApiKey() marks the keyId with a global sequence number instead of deleting entries:
 * an entry is used only if it was filled after its keyId's last mark. Because the entry records the
 * sequence read *before* the verifier answered, an invalidation racing with a fill still wins.
 * The same sequence marks an owner (any change to their roles, grants or status, through
 * invalidateUserPermissions) and everyone (invalidateAllPermissions), because a key's scopes are
 * only what its owner holds. An entry is also dropped at its validUntil, judged by the Clock.
 */
@Injectable()
export class ApiKeyCache {
  private readonly logger = new Logger(ApiKeyCache.name);
  private readonly seal: CacheSeal;
  private readonly keys: SecurityKeys;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) namespace: RedisNamespace,
    @Inject(SECURITY_OPTIONS) private readonly options: ResolvedSecurityOptions,
    @Optional() private readonly verifier?: ApiKeyVerifier,
    @Optional() private readonly clock: Clock = SYSTEM_CLOCK,
  ) {
    this.seal = new CacheSeal(options.cacheMacKey);
    this.keys = new SecurityKeys(namespace);
  }

  async verify(key: string): Promise<VerifiedApiKey | null> {
    const cacheKey = this.keys.apiKey(this.options.cacheNamespace, hashApiKey(key));
    let sequence: number;
    try {
      const cached = await this.readFresh(cacheKey);
      if (cached) return cached;
      sequence = Number((await this.redis.get(this.keys.apiKeyInvalidationSequence)) ?? 0);
    } catch (error) {
      // The verifier stays the source of truth; only the cache is lost.
      this.logger.warn(`API key cache unavailable: ${(error as Error).message}`);
      return this.ask(key);
    }
    const verified = await this.ask(key);
    // Kept no longer than its scopes last by themselves (an owner's grant ending or starting).
    const ttlMs = Math.min(
      this.options.apiKeyCacheTtlS * 1000,
      verified?.validUntil ? verified.validUntil.getTime() - this.clock.now().getTime() : Infinity,
    );
    if (verified && ttlMs > 0) {
      const entry: CachedApiKey = {
        ...verified,
        expiresAt: verified.expiresAt?.toISOString(),
        validUntil: verified.validUntil?.toISOString(),
        sequence,
      };
      await this.redis
        .set(cacheKey, this.seal.seal(cacheKey, JSON.stringify(entry)), 'PX', Math.ceil(ttlMs))
        .catch((error: Error) => this.logger.warn(`API key cache not written: ${error.message}`));
    }
    return verified;
  }

  private async readFresh(cacheKey: string): Promise<VerifiedApiKey | undefined> {
    const raw = await this.redis.get(cacheKey);
    if (raw === null) return undefined;
    const json = this.seal.open(cacheKey, raw);
    if (json === undefined) {
      // A forged or damaged entry is a miss: the verifier answers.
      this.logger.warn({ key: cacheKey }, 'API key cache entry with a bad MAC ignored');
      return undefined;
    }
    const { sequence, expiresAt, validUntil, ...entry } = JSON.parse(json) as CachedApiKey;
    if (validUntil !== undefined && Date.parse(validUntil) <= this.clock.now().getTime()) return undefined;
    const marks = await this.redis.mget(
      this.keys.apiKeyInvalidatedAt(entry.keyId),
      this.keys.apiKeysInvalidatedAt,
      ...(entry.ownerId ? [this.keys.apiKeyOwnerInvalidatedAt(entry.ownerId)] : []),
    );
    if (marks.some((mark) => mark !== null && Number(mark) > sequence)) return undefined;
    return {
      ...entry,
      expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt),
      validUntil: validUntil === undefined ? undefined : new Date(validUntil),
    };
  }

  private async ask(key: string): Promise<VerifiedApiKey | null> {
    if (!this.verifier) {
      throw new Error('A route accepts API keys but SecurityModule was given no apiKeyVerifier');
    }
    return this.verifier.verify(key);
  }
}

/**
 * Call after a key is revoked or changed (scopes, expiry): every instance asks the verifier again on
 * the key's next use.
 */
export async function invalidateApiKey(
  redis: Redis,
  namespace: RedisNamespace,
  keyId: string,
): Promise<void> {
  await mark(redis, namespace, (keys) => keys.apiKeyInvalidatedAt(keyId));
}

/**
 * Every key of this owner: their permissions changed, and a key holds no more than its owner.
 * invalidateUserPermissions calls it, so no writer of roles or grants can forget it.
 */
export async function invalidateApiKeysOfOwner(
  redis: Redis,
  namespace: RedisNamespace,
  ownerId: string,
): Promise<void> {
  await mark(redis, namespace, (keys) => keys.apiKeyOwnerInvalidatedAt(ownerId));
}

/** Every key: a change that reaches many owners (invalidateAllPermissions calls it). */
export async function invalidateAllApiKeys(redis: Redis, namespace: RedisNamespace): Promise<void> {
  await mark(redis, namespace, (keys) => keys.apiKeysInvalidatedAt);
}

async function mark(
  redis: Redis,
  namespace: RedisNamespace,
  markKey: (keys: SecurityKeys) => string,
): Promise<void> {
  const keys = new SecurityKeys(namespace);
  const sequence = await redis.incr(keys.apiKeyInvalidationSequence);
  await redis.set(markKey(keys), String(sequence), 'EX', INVALIDATION_MARK_TTL_S);
}
