import { VERIFY_API_KEY } from '@orion/contracts';
import { Clock, REDIS_CLIENT, ServiceClient } from '@orion/core';
import { hashApiKey, SecurityKeys } from '@orion/security';
import type Redis from 'ioredis';
import { SYSTEM_ROLES } from '../../../prisma/user/seed-data';
import { ClockControl, controlClock } from '@orion/testing';
import { createUser } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const { admin } = UserServiceUnderTest;
const SUPPORT = SYSTEM_ROLES.find((role) => role.slug === 'support')!.id;
const HOUR_MS = 3_600_000;

/** A key holds no more than its owner holds now: grants that end and roles taken away reach it at once. */
describe('API keys follow their owner’s permissions', () => {
  let service: UserServiceUnderTest;
  let clock: ClockControl | undefined;
  let transport: ServiceClient;
  let redis: Redis;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start({}, { transport: true });
    transport = await service.client('notification');
    redis = service.app.get<Redis>(REDIS_CLIENT);
  });
  afterEach(() => clock?.restore());
  afterAll(() => service?.stop());

  const self = (key: string) =>
    service.call('GET', '/api/v1/api-keys/self', { headers: { 'x-api-key': key } });
  const effective = async (key: string) => {
    const response = await self(key);
    expect(response.statusCode).toBe(200);
    return response.json().effectiveScopes as string[];
  };
  const verified = async (key: string) =>
    (await transport.send(VERIFY_API_KEY, { apiKey: key }))?.scopes ?? null;
  const newKey = async (ownerId: string, scopes: string[]) => {
    const response = await service.call('POST', '/api/v1/users/me/api-keys', {
      as: ownerId,
      body: { name: 'robot', scopes },
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; key: string };
  };
  // A verified, active account: only those may use keys.
  const newOwner = async () => {
    const owner = await createUser(service);
    await service.query("UPDATE users SET status = 'ACTIVE', email_verified_at = now() WHERE id = $1", [
      owner.id,
    ]);
    return owner;
  };
  const cached = async (key: string) =>
    (await redis.exists(new SecurityKeys(service.namespace).apiKey('user', hashApiKey(key)))) === 1;

  it('loses a permission when the owner’s time-bound grant expires, on the very next request', async () => {
    const owner = await newOwner();
    const expiresAt = new Date(Date.now() + HOUR_MS);
    const granted = await service.call('POST', `/api/v1/users/${owner.id}/permissions`, {
      as: admin.id,
      body: { permission: 'users:read', expiresAt: expiresAt.toISOString() },
    });
    expect(granted.statusCode).toBe(201);
    const key = await newKey(owner.id, ['roles:read', 'users:read']);
    expect(await effective(key.key)).toEqual(['roles:read', 'users:read']);
    expect(await cached(key.key)).toBe(true);
    expect(await verified(key.key)).toEqual(['roles:read', 'users:read']);

    // The grant's hour passes: no sweep, no invalidation, only the clock.
    clock = controlClock(service.app.get(Clock));
    clock.setTo(new Date(expiresAt.getTime() + 1000));
    expect(await effective(key.key)).toEqual(['roles:read']);
    expect(await verified(key.key)).toEqual(['roles:read']);

    const rotated = await service.call('POST', `/api/v1/users/me/api-keys/${key.id}/rotate`, {
      as: owner.id,
    });
    expect(rotated.statusCode).toBe(403);
    expect(rotated.json()).toMatchObject({ code: 'API_KEY_SCOPE_NOT_HELD', scopes: ['users:read'] });
    const [row] = await service.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM api_keys WHERE user_id = $1',
      [owner.id],
    );
    expect(row!.n).toBe(1);
  });

  it('loses a permission when the owner is demoted, even though the key was cached', async () => {
    const owner = await newOwner();
    const assigned = await service.call('POST', `/api/v1/users/${owner.id}/roles`, {
      as: admin.id,
      body: { roleId: SUPPORT },
    });
    expect(assigned.statusCode).toBe(201);
    const key = await newKey(owner.id, ['users:read', 'sessions:revoke']);
    expect(await effective(key.key)).toEqual(['sessions:revoke', 'users:read']);
    expect(await verified(key.key)).toEqual(['sessions:revoke', 'users:read']);
    expect(await cached(key.key)).toBe(true);

    const revoked = await service.call('DELETE', `/api/v1/users/${owner.id}/roles/${assigned.json().id}`, {
      as: admin.id,
    });
    expect(revoked.statusCode).toBe(204);
    // Still in Redis, but no longer trusted: the owner's mark is newer than the entry.
    expect(await cached(key.key)).toBe(true);
    expect(await effective(key.key)).toEqual([]);
    expect(await verified(key.key)).toEqual([]);

    const rotated = await service.call('POST', `/api/v1/users/me/api-keys/${key.id}/rotate`, {
      as: owner.id,
    });
    expect(rotated.statusCode).toBe(403);
    expect(rotated.json().code).toBe('API_KEY_SCOPE_NOT_HELD');
  });

  it('gives a permission back to the key when the owner is granted it again', async () => {
    const owner = await newOwner();
    const key = await newKey(owner.id, ['roles:read']);
    expect(await effective(key.key)).toEqual(['roles:read']);
    const role = SYSTEM_ROLES.find((candidate) => candidate.slug === 'user')!.id;
    const [assignment] = await service.query<{ id: string }>(
      'SELECT id FROM user_roles WHERE user_id = $1 AND role_id = $2',
      [owner.id, role],
    );
    const removed = await service.call('DELETE', `/api/v1/users/${owner.id}/roles/${assignment!.id}`, {
      as: admin.id,
    });
    expect(removed.statusCode).toBe(204);
    expect(await effective(key.key)).toEqual([]);
    const again = await service.call('POST', `/api/v1/users/${owner.id}/roles`, {
      as: admin.id,
      body: { roleId: role },
    });
    expect(again.statusCode).toBe(201);
    expect(await effective(key.key)).toEqual(['roles:read']);
  });
});
