import type { RedisNamespace } from '@orion/core';

// Parts that come from callers are encoded so that a ':' inside them cannot forge another key.
const part = (value: string) => encodeURIComponent(value);

/**
 * Every Redis key this library reads or writes, defined once, inside the installation's
 * namespace. The auth and user services write some of them (revocations, permission versions)
 * through the functions exported next to each use.
 */
export class SecurityKeys {
  constructor(private readonly namespace: RedisNamespace) {}

  /** Present while a revoked access token could still be presented (until its exp). */
  revokedToken(jti: string): string {
    return this.namespace.key('revoked-token', part(jti));
  }

  /** NumericDate: the user's access tokens issued (iat) before it are refused. */
  userTokensNotBefore(userId: string): string {
    return this.namespace.key('tokens-not-before', 'user', part(userId));
  }

  /** Bumped when a user's grants or roles change; part of every cached decision about that user. */
  userPermissionVersion(userId: string): string {
    return this.namespace.key('perm-version', 'user', part(userId));
  }

  /** Bumped when roles or permissions change for everyone. */
  get globalPermissionVersion(): string {
    return this.namespace.key('perm-version', 'global');
  }

  /** Per reading service (<namespace>:<service>:…), so each service's Redis user writes only its own. */
  permissionDecision(
    service: string,
    userId: string,
    permission: string,
    scope: string,
    scopeId?: string,
    parentScopeId?: string,
  ): string {
    return (
      this.namespace.key(
        part(service),
        'perm-cache',
        part(userId),
        part(permission),
        scope,
        part(scopeId ?? ''),
      ) + (parentScopeId === undefined ? '' : `:${part(parentScopeId)}`)
    );
  }

  /** A verified API key, keyed by the SHA-256 of the key: the key itself is never stored. */
  apiKey(service: string, keyDigest: string): string {
    return this.namespace.key(part(service), 'api-key', keyDigest);
  }

  /** Counter ordering API key invalidations against cache fills (see ApiKeyCache). */
  get apiKeyInvalidationSequence(): string {
    return this.namespace.key('api-key-invalidation-seq');
  }

  apiKeyInvalidatedAt(keyId: string): string {
    return this.namespace.key('api-key-invalidated', part(keyId));
  }

  /** Marks every key of one owner (their permissions changed). */
  apiKeyOwnerInvalidatedAt(ownerId: string): string {
    return this.namespace.key('api-key-invalidated', 'owner', part(ownerId));
  }

  /** Marks every key (a change reaching many owners). */
  get apiKeysInvalidatedAt(): string {
    return this.namespace.key('api-key-invalidated-all');
  }
}
