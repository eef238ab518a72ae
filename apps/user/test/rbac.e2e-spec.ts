import { randomUUID } from 'node:crypto';
import { Clock } from '@orion/core';
import { controlClock } from '@orion/testing';
import { SYSTEM_PERMISSIONS } from '../../../prisma/user/seed-data';
import { GrantExpirySweeper } from '../src/access/grant-expiry.sweeper';
import { UserServiceUnderTest } from './support/user-service';

const ADMIN = UserServiceUnderTest.admin.id;
const USER = UserServiceUnderTest.user.id;
const ROLE = {
  user: '20000000-0000-4000-8000-000000000002',
  support: '20000000-0000-4000-8000-000000000003',
  manager: '20000000-0000-4000-8000-000000000004',
  admin: '20000000-0000-4000-8000-000000000005',
  superAdmin: '20000000-0000-4000-8000-000000000006',
};
const USERS_READ = '30000000-0000-4000-8000-000000000001';

describe('roles, permissions and assignments', () => {
  let service: UserServiceUnderTest;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
  });
  afterAll(() => service?.stop());

  const call = (method: string, url: string, as: string, body?: unknown) =>
    service.call(method, `/api/v1${url}`, { as, body });

  async function newUser(): Promise<string> {
    const [row] = await service.query<{ id: string }>(
      `INSERT INTO users (email, email_normalized, status, updated_at) VALUES ($1, $1, 'ACTIVE', now()) RETURNING id`,
      [`u-${randomUUID()}@example.test`],
    );
    return row!.id;
  }

  it('lets the seeded administrator create a custom role and assign it, audited and announced', async () => {
    const target = await newUser();
    const created = await call('POST', '/roles', ADMIN, {
      slug: 'auditor',
      name: 'Auditor',
      parentId: ROLE.user,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'auditor', type: 'CUSTOM', ancestors: ['user', 'guest'] });
    const roleId = created.json().id;
    expect(
      (await call('POST', `/roles/${roleId}/permissions`, ADMIN, { permission: 'audit:read' })).statusCode,
    ).toBe(201);

    const detail = (await call('GET', `/roles/${roleId}`, ADMIN)).json();
    expect(detail.permissions).toEqual(['audit:read']);
    expect(detail.effectivePermissions).toEqual(
      expect.arrayContaining([
        { permission: 'audit:read', fromRole: 'auditor', inherited: false },
        { permission: 'roles:read', fromRole: 'guest', inherited: true },
      ]),
    );
    // users:read belongs to support, which is not among the ancestors.
    expect(detail.effectivePermissions.map((p: any) => p.permission)).not.toContain('users:read');

    const assigned = await call('POST', `/users/${target}/roles`, ADMIN, { roleId });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json()).toMatchObject({
      userId: target,
      role: { slug: 'auditor' },
      scope: 'GLOBAL',
      scopeId: null,
      status: 'VALID',
    });
    const audits = await service.query(`SELECT action, actor_id FROM audit_logs WHERE resource_id = $1`, [
      assigned.json().id,
    ]);
    expect(audits).toEqual([{ action: 'ROLE_ASSIGN', actor_id: ADMIN }]);
    const events = await service.query(
      `SELECT payload FROM outbox_events WHERE name = 'user.permissions-changed.v1' AND payload->>'userId' = $1`,
      [target],
    );
    expect(events).toHaveLength(1);

    const listed = await call('GET', `/users/${target}/roles`, target);
    expect(listed.json().items.map((a: any) => a.role.slug)).toEqual(['auditor']);
    const revoked = await call('DELETE', `/users/${target}/roles/${assigned.json().id}`, ADMIN);
    expect(revoked.statusCode).toBe(204);
    expect((await call('GET', `/users/${target}/roles`, target)).json().items).toEqual([]);
  });

  it('rejects a parent that would close a cycle with 409 ROLE_HIERARCHY_CYCLE', async () => {
    const a = (await call('POST', '/roles', ADMIN, { slug: 'cycle-a', name: 'A' })).json();
    const b = (await call('POST', '/roles', ADMIN, { slug: 'cycle-b', name: 'B', parentId: a.id })).json();
    const c = (await call('POST', '/roles', ADMIN, { slug: 'cycle-c', name: 'C', parentId: b.id })).json();
    for (const parentId of [c.id, b.id, a.id]) {
      const response = await call('PATCH', `/roles/${a.id}`, ADMIN, { parentId });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('ROLE_HIERARCHY_CYCLE');
    }
    expect((await call('PATCH', `/roles/${c.id}`, ADMIN, { parentId: null })).statusCode).toBe(200);
    expect((await call('PATCH', `/roles/${a.id}`, ADMIN, { parentId: c.id })).statusCode).toBe(200);
  });

  it('keeps system roles and permissions immutable', async () => {
    for (const [method, url, body] of [
      ['PATCH', `/roles/${ROLE.admin}`, { name: 'Boss' }],
      ['DELETE', `/roles/${ROLE.admin}`, undefined],
      ['POST', `/roles/${ROLE.user}/permissions`, { permission: 'audit:read' }],
      ['DELETE', `/roles/${ROLE.user}/permissions/templates:read`, undefined],
    ] as const) {
      const response = await call(method, url, ADMIN, body);
      expect([response.statusCode, response.json().code]).toEqual([409, 'SYSTEM_ROLE_IMMUTABLE']);
    }
    for (const method of ['PATCH', 'DELETE']) {
      const response = await call(
        method,
        `/permissions/${USERS_READ}`,
        ADMIN,
        method === 'PATCH' ? { description: 'x' } : undefined,
      );
      expect([response.statusCode, response.json().code]).toEqual([409, 'SYSTEM_PERMISSION_IMMUTABLE']);
    }
    const [role] = await service.query(`SELECT name, deleted_at FROM roles WHERE id = $1`, [ROLE.admin]);
    expect(role).toEqual({ name: 'Administrator', deleted_at: null });
  });

  it('lists permissions with categories; custom ones can be created and deleted while unused', async () => {
    const first = (await call('GET', '/permissions?limit=100', USER)).json();
    expect(first.items.filter((p: any) => p.system)).toHaveLength(SYSTEM_PERMISSIONS.length);
    expect(first.items.find((p: any) => p.name === 'users:read')).toMatchObject({
      category: 'users',
      system: true,
    });
    const paged = (await call('GET', '/permissions?limit=5', USER)).json();
    const next = (
      await service.call('GET', '/api/v1/permissions', {
        as: USER,
        query: { limit: '5', cursor: paged.nextCursor },
      })
    ).json();
    expect(next.items[0].name > paged.items[4].name).toBe(true);

    const created = await call('POST', '/permissions', ADMIN, {
      permission: 'invoices:refund',
      category: 'billing',
    });
    expect(created.json()).toMatchObject({ name: 'invoices:refund', category: 'billing', system: false });
    expect((await call('POST', '/permissions', ADMIN, { permission: 'invoices:refund' })).json().code).toBe(
      'PERMISSION_EXISTS',
    );
    expect((await call('POST', '/permissions', ADMIN, { permission: 'Invoices' })).statusCode).toBe(400);
    const role = (await call('POST', '/roles', ADMIN, { slug: 'refunder', name: 'Refunder' })).json();
    await call('POST', `/roles/${role.id}/permissions`, ADMIN, { permission: 'invoices:refund' });
    expect((await call('DELETE', `/permissions/${created.json().id}`, ADMIN)).json().code).toBe(
      'PERMISSION_IN_USE',
    );
    await call('DELETE', `/roles/${role.id}/permissions/invoices:refund`, ADMIN);
    expect((await call('DELETE', `/permissions/${created.json().id}`, ADMIN)).statusCode).toBe(204);
  });

  it('authorises by permission and refuses escalation beyond the caller’s own permissions', async () => {
    expect((await call('POST', '/roles', USER, { slug: 'mine', name: 'Mine' })).json().code).toBe(
      'PERMISSION_DENIED',
    );
    expect((await call('POST', `/users/${USER}/roles`, USER, { roleId: ROLE.admin })).statusCode).toBe(403);

    const manager = await newUser();
    expect((await call('POST', `/users/${manager}/roles`, ADMIN, { roleId: ROLE.manager })).statusCode).toBe(
      201,
    );
    const escalate = await call('POST', `/users/${manager}/roles`, manager, { roleId: ROLE.superAdmin });
    expect([escalate.statusCode, escalate.json().code]).toEqual([403, 'GRANT_EXCEEDS_OWN_PERMISSIONS']);
    expect(escalate.json().missingPermissions).toContain('roles:delete');
    const direct = await call('POST', `/users/${manager}/permissions`, manager, {
      permission: 'audit:export',
    });
    expect(direct.json().code).toBe('GRANT_EXCEEDS_OWN_PERMISSIONS');
    // Within its own powers a manager may assign.
    expect(
      (await call('POST', `/users/${USER}/permissions`, manager, { permission: 'audit:read' })).statusCode,
    ).toBe(201);
  });

  it('refuses bad input with 400 problems and writes nothing', async () => {
    const target = await newUser();
    const cases: [unknown, string][] = [
      [
        { permission: 'audit:read', expiresAt: new Date(Date.now() - 1000).toISOString() },
        'INVALID_GRANT_WINDOW',
      ],
      [
        { permission: 'audit:read', startsAt: '2030-01-02T00:00:00Z', expiresAt: '2030-01-01T00:00:00Z' },
        'INVALID_GRANT_WINDOW',
      ],
      [{ permission: 'audit:read', scopeId: randomUUID() }, 'INVALID_SCOPE'],
      [{ permission: 'audit:read', scope: 'ORG' }, 'INVALID_SCOPE'],
      [{ permission: 'audit:read', admin: true }, 'VALIDATION_FAILED'],
      [{ permission: 'audit:read', scope: 'PLANET', scopeId: randomUUID() }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const response = await call('POST', `/users/${target}/permissions`, ADMIN, body);
      expect([response.statusCode, response.json().code]).toEqual([400, code]);
    }
    expect(await service.query(`SELECT id FROM user_permissions WHERE user_id = $1`, [target])).toEqual([]);
    expect(
      (await call('POST', `/users/${randomUUID()}/roles`, ADMIN, { roleId: ROLE.user })).json().code,
    ).toBe('USER_NOT_FOUND');
    expect((await call('GET', '/roles?cursor=%%%', ADMIN)).statusCode).toBe(400);
  });

  it("shows a user's access to the user and to role managers only", async () => {
    expect((await call('GET', `/users/${USER}/roles`, USER)).statusCode).toBe(200);
    // A plain user may not see other users (no users:read): as if they did not exist.
    const hidden = await call('GET', `/users/${ADMIN}/roles`, USER);
    expect([hidden.statusCode, hidden.json().code]).toEqual([404, 'USER_NOT_FOUND']);
    expect((await call('GET', `/users/${ADMIN}/effective-permissions`, USER)).statusCode).toBe(404);
    const stranger = await newUser(); // holds no role at all, so may not even see other users
    expect((await call('GET', `/users/${ADMIN}/effective-permissions`, stranger)).statusCode).toBe(404);
    // Support sees other users (users:read) but does not manage roles (no roles:assign): 403.
    const support = await newUser();
    expect((await call('POST', `/users/${support}/roles`, ADMIN, { roleId: ROLE.support })).statusCode).toBe(
      201,
    );
    const denied = await call('GET', `/users/${ADMIN}/roles`, support);
    expect([denied.statusCode, denied.json()]).toEqual([
      403,
      expect.objectContaining({ code: 'PERMISSION_DENIED', permission: 'roles:assign' }),
    ]);
    expect((await call('GET', `/users/${ADMIN}/effective-permissions`, support)).statusCode).toBe(403);
    const assign = await call('POST', `/users/${USER}/roles`, support, { roleId: ROLE.support });
    expect([assign.statusCode, assign.json().code]).toEqual([403, 'PERMISSION_DENIED']);
    expect((await call('GET', `/users/${support}/roles`, support)).statusCode).toBe(200);
    expect((await call('GET', `/users/${USER}/roles`, ADMIN)).statusCode).toBe(200);
  });

  it('explains checks, lists effective permissions and finds who may act in a scope', async () => {
    const target = await newUser();
    const org = randomUUID();
    await call('POST', `/users/${target}/roles`, ADMIN, { roleId: ROLE.user });
    await call('POST', `/users/${target}/permissions`, ADMIN, {
      permission: 'sessions:read',
      scope: 'ORG',
      scopeId: org,
    });
    const soon = new Date(Date.now() + 60_000).toISOString();
    await call('POST', `/users/${target}/permissions`, ADMIN, { permission: 'audit:read', startsAt: soon });

    const why = (
      await service.call('GET', '/api/v1/access/explain', {
        as: target,
        query: { userId: target, permission: 'roles:read' },
      })
    ).json();
    expect(why).toMatchObject({ allowed: true, reason: 'granted' });
    // Without userId the caller's own access is explained.
    const own = await service.call('GET', '/api/v1/access/explain', {
      as: target,
      query: { permission: 'roles:read' },
    });
    expect(own.statusCode).toBe(200);
    expect({ ...own.json(), checkedAt: why.checkedAt }).toEqual(why);
    expect(why.granting[0]).toMatchObject({
      kind: 'ROLE',
      role: { slug: 'user' },
      roleChain: ['user', 'guest'],
      scope: 'GLOBAL',
    });

    const notYet = (
      await service.call('GET', '/api/v1/access/explain', {
        as: ADMIN,
        query: { userId: target, permission: 'audit:read' },
      })
    ).json();
    expect(notYet).toMatchObject({ allowed: false, validUntil: soon });
    expect(notYet.nearMisses[0]).toMatchObject({
      status: 'NOT_YET_VALID',
      coversScope: true,
      source: { kind: 'DIRECT' },
    });
    const elsewhere = (
      await service.call('GET', '/api/v1/access/explain', {
        as: ADMIN,
        query: { userId: target, permission: 'sessions:read', scope: 'ORG', scopeId: randomUUID() },
      })
    ).json();
    expect(elsewhere.reason).toContain('another scope');

    const effective = (await call('GET', `/users/${target}/effective-permissions`, target)).json();
    const names = effective.permissions.map((p: any) => p.permission);
    expect(names).toEqual(['api-keys:create', 'roles:read', 'sessions:read', 'templates:read']);

    const holders = async (query: Record<string, string>) =>
      (
        await service.call('GET', '/api/v1/access/holders', { as: ADMIN, query: { limit: '100', ...query } })
      ).json();
    const inOrg = await holders({ permission: 'sessions:read', scope: 'ORG', scopeId: org });
    expect(inOrg.items.map((u: any) => u.id)).toEqual(expect.arrayContaining([target, ADMIN]));
    expect(
      (await holders({ permission: 'sessions:read', scope: 'ORG', scopeId: randomUUID() })).items.map(
        (u: any) => u.id,
      ),
    ).not.toContain(target);
    const page = await holders({ permission: 'roles:read', limit: '1' });
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('sweeps each expired grant exactly once: one event, one audit row', async () => {
    const target = await newUser();
    const expiresAt = new Date(Date.now() + 400).toISOString();
    const grant = (
      await call('POST', `/users/${target}/permissions`, ADMIN, { permission: 'audit:read', expiresAt })
    ).json();
    const role = (
      await call('POST', `/users/${target}/roles`, ADMIN, { roleId: ROLE.manager, expiresAt })
    ).json();
    const clock = controlClock(service.app.get(Clock));
    clock.advance(500);
    const sweeper = service.app.get(GrantExpirySweeper);
    try {
      expect(await sweeper.sweep()).toBeGreaterThanOrEqual(2);
      expect(await sweeper.sweep()).toBe(0);
    } finally {
      clock.restore();
    }

    const events = await service.query<{ payload: any }>(
      `SELECT payload FROM outbox_events WHERE name = 'user.grant-expired.v1' AND payload->>'userId' = $1`,
      [target],
    );
    expect(events.map((e) => e.payload.grantId).sort()).toEqual([grant.id, role.id].sort());
    expect(events.find((e) => e.payload.kind === 'ROLE')!.payload).toMatchObject({
      subject: 'manager',
      scope: 'GLOBAL',
      expiresAt,
    });
    const audits = await service.query(
      `SELECT action, metadata->>'reason' AS reason FROM audit_logs WHERE resource_id = ANY($1::uuid[]) ORDER BY action`,
      [[grant.id, role.id]],
    );
    expect(audits).toEqual([
      { action: 'ROLE_ASSIGN', reason: null },
      { action: 'ROLE_REVOKE', reason: 'expired' },
      { action: 'PERMISSION_GRANT', reason: null },
      { action: 'PERMISSION_REVOKE', reason: 'expired' },
    ]);
  });
});
