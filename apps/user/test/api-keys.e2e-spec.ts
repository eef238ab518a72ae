import { randomUUID } from 'node:crypto';
import { VERIFY_API_KEY } from '@orion/contracts';
import { Clock } from '@orion/core';
import { hashApiKey } from '@orion/security';
import { ClockControl, controlClock } from '@orion/testing';
import { UserApiKeyVerifier } from '../src/api-keys/user-api-key.verifier';
import { UserServiceUnderTest } from './support/user-service';

const { admin, user } = UserServiceUnderTest;
const OVERLAP_S = 2;

describe('API keys', () => {
  let service: UserServiceUnderTest;
  let clock: ClockControl;

  beforeAll(async () => {
    // Read by the API keys module at boot; the test moves the clock past it.
    process.env.API_KEY_ROTATION_OVERLAP_S = String(OVERLAP_S);
    service = await UserServiceUnderTest.start({}, { transport: true });
    clock = controlClock(service.app.get(Clock));
  });

  afterEach(() => clock.restore());

  afterAll(async () => {
    delete process.env.API_KEY_ROTATION_OVERLAP_S;
    await service?.stop();
  });

  const create = (body: object, as = user.id) =>
    service.call('POST', '/api/v1/users/me/api-keys', { as, body });
  const self = (key: string) =>
    service.call('GET', '/api/v1/api-keys/self', { headers: { 'x-api-key': key } });
  const newKey = async (body: object = {}) => {
    const response = await create({ name: 'robot', scopes: ['roles:read'], ...body });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; key: string; prefix: string };
  };

  it('shows the secret once and stores only its hash and prefix', async () => {
    const created = await create({ name: 'CI bot', scopes: ['templates:read', 'roles:read'] });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.key).toMatch(/^orn_[0-9a-f]{10}_[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({
      name: 'CI bot',
      scopes: ['roles:read', 'templates:read'],
      state: 'active',
      prefix: body.key.slice(0, 14),
    });

    const [row] = await service.query<any>('SELECT * FROM api_keys WHERE id = $1', [body.id]);
    expect(row.key_hash).toBe(hashApiKey(body.key));
    expect(row.key_prefix).toBe(body.prefix);
    expect(JSON.stringify(row)).not.toContain(body.key);
    expect(JSON.stringify(row)).not.toContain(body.key.slice(15));

    const listed = await service.call('GET', '/api/v1/users/me/api-keys', { as: user.id });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(body.key.slice(15));
    expect(listed.json().items.find((item: any) => item.id === body.id)).not.toHaveProperty('key');

    const audits = await service.query<any>(
      "SELECT changes, metadata FROM audit_logs WHERE resource_type = 'api_key' AND resource_id = $1",
      [body.id],
    );
    expect(audits).toHaveLength(1);
    expect(audits[0].changes.after).toMatchObject({ name: 'CI bot', prefix: body.prefix });
    const trail = JSON.stringify(audits);
    expect(trail).not.toContain(body.key.slice(15));
    expect(trail).not.toContain(row.key_hash);
  });

  it('authenticates a route with the key and records its use', async () => {
    const key = await newKey();
    const response = await self(key.key);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: key.id, scopes: ['roles:read'], state: 'active' });
    const [row] = await service.query<any>('SELECT last_used_at FROM api_keys WHERE id = $1', [key.id]);
    expect(row.last_used_at).not.toBeNull();
    expect((await self(`${key.key.slice(0, -1)}x`)).statusCode).toBe(401);
    expect((await self('orn_nothing')).json().code).toBe('API_KEY_INVALID');
  });

  it('rejects a revoked key on its very next use, even though it was cached', async () => {
    const key = await newKey();
    expect((await self(key.key)).statusCode).toBe(200); // now cached
    const revoked = await service.call('DELETE', `/api/v1/users/me/api-keys/${key.id}`, { as: user.id });
    expect(revoked.statusCode).toBe(204);
    const next = await self(key.key);
    expect(next.statusCode).toBe(401);
    expect(next.json().code).toBe('API_KEY_INVALID');
    const [row] = await service.query<any>('SELECT revoked_at FROM api_keys WHERE id = $1', [key.id]);
    expect(row.revoked_at).not.toBeNull();
  });

  it('rejects an expired key', async () => {
    const key = await newKey({ expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await self(key.key)).statusCode).toBe(200); // now cached, with its expiry
    clock.advance(1600);
    const response = await self(key.key);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('API_KEY_EXPIRED');
    expect(await service.app.get(UserApiKeyVerifier).verify(key.key)).toBeNull();
    const past = await create({ name: 'late', scopes: ['roles:read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().code).toBe('API_KEY_EXPIRY_IN_PAST');
  });

  it('rotates: the new key works, the old one too for the overlap, then it expires', async () => {
    const old = await newKey();
    const rotated = await service.call('POST', `/api/v1/users/me/api-keys/${old.id}/rotate`, { as: user.id });
    expect(rotated.statusCode).toBe(201);
    const fresh = rotated.json();
    expect(fresh.key).not.toBe(old.key);
    expect(fresh.scopes).toEqual(['roles:read']);
    expect((await self(fresh.key)).statusCode).toBe(200);
    expect((await self(old.key)).statusCode).toBe(200);
    const again = await service.call('POST', `/api/v1/users/me/api-keys/${old.id}/rotate`, { as: user.id });
    expect(again.statusCode).toBe(409);

    clock.advance(OVERLAP_S * 1000 + 200);
    expect((await self(old.key)).statusCode).toBe(401);
    expect((await self(fresh.key)).statusCode).toBe(200);
  });

  it('refuses scopes beyond the owner’s permissions, and malformed ones', async () => {
    // A plain user holds roles:read (through guest) but neither users:read (support) nor audit:export.
    const beyond = await create({ name: 'greedy', scopes: ['roles:read', 'users:read', 'audit:export'] });
    expect(beyond.statusCode).toBe(403);
    expect(beyond.json()).toMatchObject({
      code: 'API_KEY_SCOPE_NOT_HELD',
      scopes: ['audit:export', 'users:read'],
    });
    expect((await create({ name: 'x', scopes: ['not a scope'] })).statusCode).toBe(400);
    expect((await create({ name: 'x', scopes: [] })).statusCode).toBe(400);
    expect((await create({ name: 'x', scopes: ['roles:read'], secret: 'x' })).statusCode).toBe(400);
    const count = await service.query(
      "SELECT count(*)::int AS n FROM api_keys WHERE name IN ('greedy', 'x')",
    );
    expect(count).toEqual([{ n: 0 }]);
  });

  it("answers 404 for someone else's key, and lets administrators list and revoke any", async () => {
    const key = await newKey();
    const foreign = await service.call('DELETE', `/api/v1/users/me/api-keys/${key.id}`, { as: admin.id });
    expect(foreign.statusCode).toBe(404);
    expect(
      (await service.call('POST', `/api/v1/users/me/api-keys/${key.id}/rotate`, { as: admin.id })).statusCode,
    ).toBe(404);
    expect(
      (await service.call('GET', `/api/v1/users/${admin.id}/api-keys`, { as: user.id })).statusCode,
    ).toBe(403);

    const listed = await service.call('GET', `/api/v1/users/${user.id}/api-keys`, { as: admin.id });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((item: any) => item.id)).toContain(key.id);
    const revoked = await service.call('DELETE', `/api/v1/users/${user.id}/api-keys/${key.id}`, {
      as: admin.id,
    });
    expect(revoked.statusCode).toBe(204);
    expect((await self(key.key)).statusCode).toBe(401);
    const [audit] = await service.query<any>(
      "SELECT actor_id, metadata FROM audit_logs WHERE resource_id = $1 AND metadata->>'operation' = 'revoke'",
      [key.id],
    );
    expect(audit).toMatchObject({ actor_id: admin.id, metadata: { ownerId: user.id } });
  });

  it('answers the verify command over the real transport', async () => {
    const key = await newKey();
    const client = await service.client('notification');
    expect(await client.send(VERIFY_API_KEY, { apiKey: key.key })).toEqual({
      apiKeyId: key.id,
      userId: user.id,
      name: 'robot',
      scopes: ['roles:read'],
      expiresAt: null,
    });
    expect(await client.send(VERIFY_API_KEY, { apiKey: `orn_0000000000_${'a'.repeat(43)}` })).toBeNull();
    await expect(client.send(VERIFY_API_KEY, { apiKey: 'short' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await service.call('DELETE', `/api/v1/users/me/api-keys/${key.id}`, { as: user.id });
    expect(await client.send(VERIFY_API_KEY, { apiKey: key.key })).toBeNull();
  });

  it('stops accepting a key whose owner is no longer active', async () => {
    const [owner] = await service.query<{ id: string }>(
      `INSERT INTO users (email, email_normalized, status, email_verified_at, updated_at)
       VALUES ($1, $1, 'ACTIVE', now(), now()) RETURNING id`,
      [`${randomUUID()}@example.test`],
    );
    const roleRows = await service.query<{ id: string }>("SELECT id FROM roles WHERE slug = 'user'");
    await service.query('INSERT INTO user_roles (user_id, role_id, updated_at) VALUES ($1, $2, now())', [
      owner!.id,
      roleRows[0]!.id,
    ]);
    const response = await create({ name: 'theirs', scopes: ['roles:read'] }, owner!.id);
    expect(response.statusCode).toBe(201);
    const { key } = response.json();
    expect((await self(key)).statusCode).toBe(200);
    await service.query("UPDATE users SET status = 'SUSPENDED' WHERE id = $1", [owner!.id]);
    const verified = await service.app.get(UserApiKeyVerifier).verify(key);
    expect(verified).toBeNull();
  });
});
