import { randomUUID } from 'node:crypto';
import { CHECK_PERMISSION } from '@orion/contracts';
import { Clock } from '@orion/core';
import { PermissionCache, PermissionQuery } from '@orion/security';
import { ClockControl, controlClock } from '@orion/testing';
import { AccessCheckService } from '../src/access/access-check.service';
import { UserServiceUnderTest } from './support/user-service';

const ADMIN = UserServiceUnderTest.admin.id;
const USER = UserServiceUnderTest.user.id;

describe('effective-permission check', () => {
  let service: UserServiceUnderTest;
  let cache: PermissionCache;
  let clock: ClockControl;
  const now = () => service.app.get(Clock).now().getTime();

  beforeAll(async () => {
    service = await UserServiceUnderTest.start({}, { transport: true });
    cache = service.app.get(PermissionCache);
    clock = controlClock(service.app.get(Clock));
  });
  afterEach(() => clock.restore());
  afterAll(() => service?.stop());

  // What the guards ask: through the shared cache, so staleness would show here.
  const allowed = async (query: PermissionQuery) => (await cache.check(query)).allowed;

  async function newUser(): Promise<string> {
    const [row] = await service.query<{ id: string }>(
      `INSERT INTO users (email, email_normalized, status, updated_at) VALUES ($1, $1, 'ACTIVE', now()) RETURNING id`,
      [`u-${randomUUID()}@example.test`],
    );
    return row!.id;
  }

  async function grant(userId: string, body: Record<string, unknown>) {
    const response = await service.call('POST', `/api/v1/users/${userId}/permissions`, { as: ADMIN, body });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  it('walks the role chain: a user holds guest permissions through user, nothing of support or manager', async () => {
    expect(await allowed({ userId: USER, permission: 'roles:read', scope: 'GLOBAL' })).toBe(true);
    expect(await allowed({ userId: USER, permission: 'templates:read', scope: 'GLOBAL' })).toBe(true);
    // Reading other people's profiles is a staff capability, granted to support.
    expect(await allowed({ userId: USER, permission: 'users:read', scope: 'GLOBAL' })).toBe(false);
    expect(await allowed({ userId: USER, permission: 'roles:assign', scope: 'GLOBAL' })).toBe(false);
    expect(await allowed({ userId: ADMIN, permission: 'roles:delete', scope: 'GLOBAL' })).toBe(true);
    // GLOBAL covers every organisation, team and user.
    expect(
      await allowed({ userId: ADMIN, permission: 'users:update', scope: 'TEAM', scopeId: randomUUID() }),
    ).toBe(true);
  });

  it('allows a grant until the moment it expires, with no sweep in between', async () => {
    const userId = await newUser();
    const expiresAt = new Date(Date.now() + 1500);
    const created = await grant(userId, { permission: 'audit:read', expiresAt: expiresAt.toISOString() });
    const query = { userId, permission: 'audit:read', scope: 'GLOBAL' } as const;
    expect(await allowed(query)).toBe(true);
    const decision = await cache.check(query);
    expect(decision.validUntil).toBe(expiresAt.toISOString());

    clock.setTo(expiresAt);
    expect(await allowed(query)).toBe(false);
    expect(now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    const [row] = await service.query('SELECT expiry_processed_at FROM user_permissions WHERE id = $1', [
      created.id,
    ]);
    expect(row!.expiry_processed_at).toBeNull();
    expect((await cache.check(query)).reason).toContain('expired');
  });

  it('denies a grant that is not valid yet, then allows it once it starts', async () => {
    const userId = await newUser();
    const startsAt = new Date(Date.now() + 1500);
    await grant(userId, { permission: 'audit:export', startsAt: startsAt.toISOString() });
    const query = { userId, permission: 'audit:export', scope: 'GLOBAL' } as const;
    const first = await cache.check(query);
    expect(first).toMatchObject({ allowed: false, validUntil: startsAt.toISOString() });
    expect(first.reason).toContain('not valid yet');

    clock.setTo(startsAt);
    expect(await allowed(query)).toBe(true);
    expect(now()).toBeGreaterThanOrEqual(startsAt.getTime());
  });

  it('takes a permission away from a child-role holder as soon as the parent role loses it', async () => {
    const userId = await newUser();
    const permission = await service.call('POST', '/api/v1/permissions', {
      as: ADMIN,
      body: { permission: `reports-${Date.now()}:export`, category: 'reports' },
    });
    expect(permission.statusCode).toBe(201);
    const name: string = permission.json().name;
    const parent = await service.call('POST', '/api/v1/roles', {
      as: ADMIN,
      body: { slug: `parent-${Date.now()}`, name: 'Parent' },
    });
    const child = await service.call('POST', '/api/v1/roles', {
      as: ADMIN,
      body: { slug: `child-${Date.now()}`, name: 'Child', parentId: parent.json().id },
    });
    expect(child.statusCode).toBe(201);
    const added = await service.call('POST', `/api/v1/roles/${parent.json().id}/permissions`, {
      as: ADMIN,
      body: { permission: name },
    });
    expect(added.statusCode).toBe(201);
    const assigned = await service.call('POST', `/api/v1/users/${userId}/roles`, {
      as: ADMIN,
      body: { roleId: child.json().id },
    });
    expect(assigned.statusCode).toBe(201);

    const query = { userId, permission: name, scope: 'GLOBAL' } as const;
    expect(await allowed(query)).toBe(true);
    expect(await allowed(query)).toBe(true); // now cached
    const removed = await service.call('DELETE', `/api/v1/roles/${parent.json().id}/permissions/${name}`, {
      as: ADMIN,
    });
    expect(removed.statusCode).toBe(200);
    expect(await allowed(query)).toBe(false);
  });

  it('keeps ORG and TEAM apart; an ORG grant covers a team only when the caller names the org', async () => {
    const userId = await newUser();
    const [org, otherOrg, team] = [randomUUID(), randomUUID(), randomUUID()];
    await grant(userId, { permission: 'users:update', scope: 'ORG', scopeId: org });
    const check = (scope: PermissionQuery['scope'], scopeId?: string, parentScopeId?: string) =>
      allowed({ userId, permission: 'users:update', scope, scopeId, parentScopeId });

    expect(await check('ORG', org)).toBe(true);
    expect(await check('ORG', otherOrg)).toBe(false);
    expect(await check('GLOBAL')).toBe(false);
    expect(await check('TEAM', team)).toBe(false);
    expect(await check('TEAM', team, org)).toBe(true);
    expect(await check('TEAM', team, otherOrg)).toBe(false);

    await grant(userId, { permission: 'users:suspend', scope: 'TEAM', scopeId: team });
    const suspend = (scope: PermissionQuery['scope'], scopeId?: string) =>
      allowed({ userId, permission: 'users:suspend', scope, scopeId });
    expect(await suspend('TEAM', team)).toBe(true);
    expect(await suspend('TEAM', randomUUID())).toBe(false);
    expect(await suspend('ORG', org)).toBe(false);
  });

  it('never grants through a soft-deleted user or role', async () => {
    const userId = await newUser();
    const role = await service.call('POST', '/api/v1/roles', {
      as: ADMIN,
      body: { slug: `doomed-${Date.now()}`, name: 'Doomed' },
    });
    await service.call('POST', `/api/v1/roles/${role.json().id}/permissions`, {
      as: ADMIN,
      body: { permission: 'audit:read' },
    });
    await service.call('POST', `/api/v1/users/${userId}/roles`, {
      as: ADMIN,
      body: { roleId: role.json().id },
    });
    const query = { userId, permission: 'audit:read', scope: 'GLOBAL' } as const;
    expect(await allowed(query)).toBe(true);
    expect((await service.call('DELETE', `/api/v1/roles/${role.json().id}`, { as: ADMIN })).statusCode).toBe(
      204,
    );
    expect(await allowed(query)).toBe(false);

    const other = await newUser();
    await grant(other, { permission: 'audit:read' });
    const checker = service.app.get(AccessCheckService);
    expect((await checker.check({ userId: other, permission: 'audit:read', scope: 'GLOBAL' })).allowed).toBe(
      true,
    );
    await service.query('UPDATE users SET deleted_at = now() WHERE id = $1', [other]);
    expect(await checker.check({ userId: other, permission: 'audit:read', scope: 'GLOBAL' })).toMatchObject({
      allowed: false,
      reason: 'the user does not exist or is deleted',
    });
  });

  it('denies a suspended user everything, also over the transport, and allows again after reactivation', async () => {
    const client = await service.client('auth');
    const userId = await newUser();
    await grant(userId, { permission: 'audit:read' });
    const query = { userId, permission: 'audit:read', scope: 'GLOBAL' } as const;
    const setStatus = async (status: string) =>
      expect(
        (await service.call('PATCH', `/api/v1/users/${userId}/status`, { as: ADMIN, body: { status } }))
          .statusCode,
      ).toBe(200);
    expect(await allowed(query)).toBe(true); // now cached
    expect(await client.send(CHECK_PERMISSION, query)).toEqual({ allowed: true });

    await setStatus('SUSPENDED');
    const denied = { allowed: false, reason: 'the user is suspended and holds no permissions' };
    expect(await cache.check(query)).toEqual(denied);
    expect(await client.send(CHECK_PERMISSION, query)).toEqual(denied);
    // An administrator still finds the user and is told why.
    const explained = await service.call('GET', '/api/v1/access/explain', {
      as: ADMIN,
      query: { userId, permission: 'audit:read', scope: 'GLOBAL' },
    });
    expect(explained.statusCode).toBe(200);
    expect(explained.json()).toMatchObject({ allowed: false, reason: denied.reason });

    await setStatus('ACTIVE');
    expect(await allowed(query)).toBe(true);
    expect(await client.send(CHECK_PERMISSION, query)).toEqual({ allowed: true });
  });

  it('answers user.permissions.check.v1 over the real transport exactly like the local check', async () => {
    const client = await service.client('auth');
    const userId = await newUser();
    const org = randomUUID();
    await grant(userId, { permission: 'sessions:read', scope: 'ORG', scopeId: org });
    const checker = service.app.get(AccessCheckService);
    const queries: PermissionQuery[] = [
      { userId: USER, permission: 'roles:read', scope: 'GLOBAL' },
      { userId: USER, permission: 'users:read', scope: 'GLOBAL' },
      { userId: USER, permission: 'roles:delete', scope: 'GLOBAL' },
      { userId, permission: 'sessions:read', scope: 'ORG', scopeId: org },
      { userId, permission: 'sessions:read', scope: 'TEAM', scopeId: randomUUID(), parentScopeId: org },
      { userId, permission: 'sessions:read', scope: 'TEAM', scopeId: randomUUID() },
      { userId: randomUUID(), permission: 'users:read', scope: 'GLOBAL' },
    ];
    for (const query of queries) {
      const remote = await client.send(CHECK_PERMISSION, query);
      expect(remote).toEqual(await checker.check(query));
    }
    await expect(
      client.send(CHECK_PERMISSION, { userId: 'nope', permission: 'users', scope: 'PLANET' } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
