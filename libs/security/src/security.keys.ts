/**
 * Every Redis key this library reads or writes, defined once. The auth and user services write
 * some of them (revocations, permission versions) through the functions exported next to each use.
 */
const NS = 'orion';

// Parts that come from callers are encoded so that a ':' inside them cannot forge another key.
const part = (value: string) => encodeURIComponent(value);

export const SecurityKeys = {
  /** Present while a revoked access token could still be presented (until its exp). */
  revokedToken: (jti: string) => `${NS}:revoked-token:${part(jti)}`,
  /** NumericDate: the user's access tokens issued (iat) before it are refused. */
  userTokensNotBefore: (userId: string) => `${NS}:tokens-not-before:user:${part(userId)}`,
  /** Bumped when a user's grants or roles change; part of every cached decision about that user. */
  userPermissionVersion: (userId: string) => `${NS}:perm-version:user:${part(userId)}`,
  /** Bumped when roles or permissions change for everyone. */
  globalPermissionVersion: `${NS}:perm-version:global`,
  /** Per reading service (orion:<service>:…), so each service's Redis user writes only its own. */
  permissionDecision: (
    namespace: string,
    userId: string,
    permission: string,
    scope: string,
    scopeId?: string,
    parentScopeId?: string,
  ) =>
    `${NS}:${part(namespace)}:perm-cache:${part(userId)}:${part(permission)}:${scope}:${part(scopeId ?? '')}` +
    (parentScopeId === undefined ? '' : `:${part(parentScopeId)}`),
  /** A verified API key, keyed by the SHA-256 of the key: the key itself is never stored. */
  apiKey: (namespace: string, keyDigest: string) => `${NS}:${part(namespace)}:api-key:${keyDigest}`,
  /** Counter ordering API key invalidations against cache fills (see ApiKeyCache). */
  apiKeyInvalidationSequence: `${NS}:api-key-invalidation-seq`,
  apiKeyInvalidatedAt: (keyId: string) => `${NS}:api-key-invalidated:${part(keyId)}`,
  /** Marks every key of one owner (their permissions changed). */
  apiKeyOwnerInvalidatedAt: (ownerId: string) => `${NS}:api-key-invalidated:owner:${part(ownerId)}`,
  /** Marks every key (a change reaching many owners). */
  apiKeysInvalidatedAt: `${NS}:api-key-invalidated-all`,
} as const;
