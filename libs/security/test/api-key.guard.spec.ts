import { Controller, Get } from '@nestjs/common';
import {
  ApiKeyAuth,
  ApiKeyVerifier,
  constantTimeEqual,
  CurrentPrincipal,
  CurrentUser,
  hashApiKey,
  invalidateAllPermissions,
  invalidateApiKey,
  invalidateUserPermissions,
  Principal,
  CacheSeal,
  RequirePermission,
  SecurityKeys,
  UserPrincipal,
  VerifiedApiKey,
} from '@orion/security';
import { Clock } from '@orion/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { controlClock, sleep } from '@orion/testing';
import { bearer, securityTestSuite, TEST_NAMESPACE } from './security-test-app';

interface StoredKey extends VerifiedApiKey {
  hash: string;
  revoked: boolean;
}

/** Stores keys as hashes, as the user service does, and counts lookups. */
class HashedKeyStore extends ApiKeyVerifier {
  private readonly keys: StoredKey[] = [];
  lookups = 0;
  /** When set, verify() waits for it: lets a test revoke while a lookup is in flight. */
  gate?: Promise<void>;

  issue(details: Partial<VerifiedApiKey> = {}): { key: string; keyId: string } {
    const key = `ork_${randomBytes(24).toString('base64url')}`;
    const keyId = randomUUID();
    this.keys.push({
      keyId,
      serviceName: 'notification',
      scopes: [],
      ...details,
      hash: hashApiKey(key),
      revoked: false,
    });
    return { key, keyId };
  }

  /** What the verifier answers from now on, e.g. scopes cut down because the owner lost them. */
  change(keyId: string, details: Partial<VerifiedApiKey>): void {
    this.keys.filter((k) => k.keyId === keyId).forEach((k) => Object.assign(k, details));
  }

  revoke(keyId: string): void {
    this.keys.filter((k) => k.keyId === keyId).forEach((k) => (k.revoked = true));
  }

  async verify(key: string): Promise<VerifiedApiKey | null> {
    this.lookups += 1;
    const presented = hashApiKey(key);
    const found = this.keys.find((k) => constantTimeEqual(k.hash, presented));
    const answer = found && !found.revoked ? { ...found } : undefined;
    if (this.gate) await this.gate;
    if (!answer) return null;
    const { hash: _hash, revoked: _revoked, ...verified } = answer;
    return verified;
  }
}

@Controller('internal')
@ApiKeyAuth()
class InternalController {
  @Get('whoami')
  whoami(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Get('as-user')
  asUser(@CurrentUser() user: UserPrincipal) {
    return user;
  }

  @RequirePermission('users:read')
  @Get('users')
  users() {
    return { users: [] };
  }
}

describe('ApiKeyGuard over HTTP', () => {
  const keys = new HashedKeyStore();
  const suite = securityTestSuite([InternalController], { apiKeyVerifier: { useValue: keys } });

  const call = (url: string, headers: Record<string, string> = {}) =>
    suite.app.inject({ method: 'GET', url, headers });
  const withKey = (url: string, key: string) => call(url, { 'x-api-key': key });

  it('accepts a valid key and gives the handler a service principal', async () => {
    const { key, keyId } = keys.issue({ scopes: ['users:read'] });
    const response = await withKey('/internal/whoami', key);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      kind: 'service',
      keyId,
      serviceName: 'notification',
      scopes: ['users:read'],
    });
  });

  it('refuses a missing or unknown key with 401', async () => {
    expect((await call('/internal/whoami')).json()).toMatchObject({ status: 401, code: 'API_KEY_MISSING' });
    const unknown = await withKey('/internal/whoami', 'ork_not-a-key');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ code: 'API_KEY_INVALID' });
  });

  it('does not take a bearer token instead of a key', async () => {
    const response = await call('/internal/whoami', bearer(await suite.jwks.sign()));
    expect(response.json()).toMatchObject({ status: 401, code: 'API_KEY_MISSING' });
  });

  it('caches verified keys under their hash only: two requests, one lookup', async () => {
    const { key } = keys.issue();
    const before = keys.lookups;
    expect((await withKey('/internal/whoami', key)).statusCode).toBe(200);
    expect((await withKey('/internal/whoami', key)).statusCode).toBe(200);
    expect(keys.lookups - before).toBe(1);
    const stored = await suite.store.keys();
    expect(stored).toContain(`${TEST_NAMESPACE.name}:test:api-key:${hashApiKey(key)}`);
    expect(stored.join(' ')).not.toContain(key);
    for (const name of stored) expect(await suite.store.redis.get(name)).not.toContain(key);
  });

  it('does not accept an API key from a forged cache entry: an unknown key stays unknown', async () => {
    const key = `ork_${randomBytes(24).toString('base64url')}`;
    const cacheKey = new SecurityKeys(TEST_NAMESPACE).apiKey('test', hashApiKey(key));
    const principal = JSON.stringify({
      keyId: randomUUID(),
      serviceName: 'billing',
      scopes: ['users:read'],
      sequence: 1e9,
    });
    for (const forged of [principal, new CacheSeal(Buffer.alloc(32, 1)).seal(cacheKey, principal)]) {
      await suite.store.redis.set(cacheKey, forged, 'EX', 60);
      const response = await withKey('/internal/whoami', key);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'API_KEY_INVALID' });
    }
  });

  it('honours expiry on every request, even while cached', async () => {
    const { key } = keys.issue({ expiresAt: new Date(Date.now() + 60_000) });
    expect((await withKey('/internal/whoami', key)).statusCode).toBe(200);
    const before = keys.lookups;
    const clock = controlClock(suite.app.get(Clock));
    clock.advance(61_000);
    const response = await withKey('/internal/whoami', key).finally(() => clock.restore());
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'API_KEY_EXPIRED' });
    expect(keys.lookups).toBe(before);
  });

  it('refuses a revoked key on the next request after invalidateApiKey', async () => {
    const { key, keyId } = keys.issue();
    expect((await withKey('/internal/whoami', key)).statusCode).toBe(200);
    keys.revoke(keyId);
    expect((await withKey('/internal/whoami', key)).statusCode).toBe(200);
    await invalidateApiKey(suite.store.redis, TEST_NAMESPACE, keyId);
    expect((await withKey('/internal/whoami', key)).json()).toMatchObject({
      status: 401,
      code: 'API_KEY_INVALID',
    });
  });

  it('does not let a lookup in flight during a revocation cache the old answer', async () => {
    const { key, keyId } = keys.issue();
    let open!: () => void;
    keys.gate = new Promise<void>((resolve) => (open = resolve));
    const inFlight = withKey('/internal/whoami', key);
    await sleep(50);
    keys.revoke(keyId);
    await invalidateApiKey(suite.store.redis, TEST_NAMESPACE, keyId);
    open();
    keys.gate = undefined;
    // The lookup read the key before the revocation, so this one request still passes…
    expect((await inFlight).statusCode).toBe(200);
    // …but what it cached is older than the invalidation and is not used again.
    expect((await withKey('/internal/whoami', key)).json()).toMatchObject({ code: 'API_KEY_INVALID' });
  });

  it('checks permissions of a service against the scopes of its key', async () => {
    const reader = keys.issue({ scopes: ['users:read'] });
    const other = keys.issue({ scopes: ['templates:read'] });
    expect((await withKey('/internal/users', reader.key)).statusCode).toBe(200);
    const denied = await withKey('/internal/users', other.key);
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'users:read' });
  });

  it("drops a cached key at once when its owner's permissions change, for one owner or for all", async () => {
    const ownerId = randomUUID();
    const { key, keyId } = keys.issue({ ownerId, scopes: ['users:read'] });
    expect((await withKey('/internal/users', key)).statusCode).toBe(200);
    keys.change(keyId, { scopes: [] });
    // Cached: the verifier's new answer is not asked for yet.
    expect((await withKey('/internal/users', key)).statusCode).toBe(200);
    await invalidateUserPermissions(suite.store.redis, TEST_NAMESPACE, ownerId);
    expect((await withKey('/internal/users', key)).statusCode).toBe(403);

    keys.change(keyId, { scopes: ['users:read'] });
    expect((await withKey('/internal/users', key)).statusCode).toBe(403);
    await invalidateAllPermissions(suite.store.redis, TEST_NAMESPACE);
    expect((await withKey('/internal/users', key)).statusCode).toBe(200);
  });

  it('does not use a cached key past its validUntil, judged by the clock when read', async () => {
    const validUntil = new Date(Date.now() + 3_600_000);
    const { key, keyId } = keys.issue({ ownerId: randomUUID(), scopes: ['users:read'], validUntil });
    expect((await withKey('/internal/users', key)).statusCode).toBe(200);
    keys.change(keyId, { scopes: [], validUntil: undefined });
    expect((await withKey('/internal/users', key)).statusCode).toBe(200);
    const clock = controlClock(suite.app.get(Clock));
    clock.setTo(new Date(validUntil.getTime() + 1));
    try {
      expect((await withKey('/internal/users', key)).statusCode).toBe(403);
    } finally {
      clock.restore();
    }
  });

  it('refuses @CurrentUser() to a service', async () => {
    const { key } = keys.issue();
    const response = await withKey('/internal/as-user', key);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'USER_AUTHENTICATION_REQUIRED' });
  });
});
