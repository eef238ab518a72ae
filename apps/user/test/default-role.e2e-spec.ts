import { randomUUID } from 'node:crypto';
import { createUser } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const ADMIN = UserServiceUnderTest.admin.id;
const USER = UserServiceUnderTest.user.id;
const ROLE = {
  user: '20000000-0000-4000-8000-000000000002',
  admin: '20000000-0000-4000-8000-000000000005',
  superAdmin: '20000000-0000-4000-8000-000000000006',
};

describe('the default role of new accounts', () => {
  let service: UserServiceUnderTest;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
  });
  afterAll(() => service?.stop());

  const call = (method: string, url: string, as: string, body?: unknown) =>
    service.call(method, `/api/v1${url}`, { as, body });
  const defaults = async () =>
    (
      await service.query<{ slug: string }>(
        `SELECT slug FROM roles WHERE is_default AND deleted_at IS NULL ORDER BY slug`,
      )
    ).map((row) => row.slug);
  const rolesOf = async (userId: string) =>
    (await call('GET', `/users/${userId}/roles`, ADMIN)).json().items.map((a: any) => a.role.slug);
  const createRole = async (slug: string, extra: Record<string, unknown> = {}) => {
    const response = await call('POST', '/roles', ADMIN, { slug, name: slug, parentId: ROLE.user, ...extra });
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  afterEach(() => call('PATCH', `/roles/${ROLE.user}`, ADMIN, { isDefault: true }));

  it('gives new accounts the one role marked default; marking another clears the first, audited', async () => {
    expect(await defaults()).toEqual(['user']);
    expect(await rolesOf((await createUser(service)).id)).toEqual(['user']);

    const starter = await createRole('starter', { isDefault: true });
    expect(starter).toMatchObject({ slug: 'starter', isDefault: true });
    expect(await defaults()).toEqual(['starter']);
    expect((await call('GET', `/roles/${ROLE.user}`, ADMIN)).json().isDefault).toBe(false);
    expect(await rolesOf((await createUser(service)).id)).toEqual(['starter']);

    const trial = await createRole('trial');
    expect(trial.isDefault).toBe(false);
    const updated = await call('PATCH', `/roles/${trial.id}`, ADMIN, { isDefault: true });
    expect([updated.statusCode, updated.json().isDefault]).toEqual([200, true]);
    expect(await defaults()).toEqual(['trial']);
    expect(await rolesOf((await createUser(service)).id)).toEqual(['trial']);
    const audits = await service.query(
      `SELECT resource_id, actor_id, changes, metadata FROM audit_logs
       WHERE action = 'UPDATE' AND resource_type = 'role' AND resource_id = ANY($1::uuid[])`,
      [[ROLE.user, starter.id, trial.id]],
    );
    expect(audits).toHaveLength(3);
    expect(audits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resource_id: ROLE.user,
          actor_id: ADMIN,
          changes: { before: { isDefault: true }, after: { isDefault: false } },
          metadata: { defaultRoleId: starter.id },
        }),
        expect.objectContaining({
          resource_id: starter.id,
          actor_id: ADMIN,
          changes: { before: { isDefault: true }, after: { isDefault: false } },
          metadata: { defaultRoleId: trial.id },
        }),
        expect.objectContaining({
          resource_id: trial.id,
          actor_id: ADMIN,
          changes: expect.objectContaining({
            before: expect.objectContaining({ isDefault: false }),
            after: expect.objectContaining({ isDefault: true }),
          }),
        }),
      ]),
    );

    // Unmarking leaves new accounts without a role.
    expect((await call('PATCH', `/roles/${trial.id}`, ADMIN, { isDefault: false })).statusCode).toBe(200);
    expect(await defaults()).toEqual([]);
    expect(await rolesOf((await createUser(service)).id)).toEqual([]);
  });

  it('of a system role changes isDefault only, so the product default can come back', async () => {
    await createRole('interim', { isDefault: true });
    const back = await call('PATCH', `/roles/${ROLE.user}`, ADMIN, { isDefault: true });
    expect([back.statusCode, back.json().isDefault]).toEqual([200, true]);
    expect(await defaults()).toEqual(['user']);
    const renamed = await call('PATCH', `/roles/${ROLE.user}`, ADMIN, { isDefault: true, name: 'Member' });
    expect([renamed.statusCode, renamed.json().code]).toEqual([409, 'SYSTEM_ROLE_IMMUTABLE']);
  });

  it('keeps one default when two roles are marked at once', async () => {
    const [a, b] = [await createRole('race-a'), await createRole('race-b')];
    const answers = await Promise.all(
      [a, b].map((role) => call('PATCH', `/roles/${role.id}`, ADMIN, { isDefault: true })),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    const marked = await defaults();
    expect(marked).toHaveLength(1);
    expect(['race-a', 'race-b']).toContain(marked[0]);
  });

  it('needs roles:create or roles:update and every permission of the role; refuses a bad flag', async () => {
    const role = await createRole('plain');
    const denied = [
      await call('POST', '/roles', USER, { slug: 'mine', name: 'Mine', isDefault: true }),
      await call('PATCH', `/roles/${role.id}`, USER, { isDefault: true }),
    ];
    expect(denied.map((r) => [r.statusCode, r.json().code])).toEqual([
      [403, 'PERMISSION_DENIED'],
      [403, 'PERMISSION_DENIED'],
    ]);

    // An administrator without roles:delete may not give super-admin to everyone who signs up.
    const [row] = await service.query<{ id: string }>(
      `INSERT INTO users (email, email_normalized, status, updated_at) VALUES ($1, $1, 'ACTIVE', now()) RETURNING id`,
      [`a-${randomUUID()}@example.test`],
    );
    expect((await call('POST', `/users/${row!.id}/roles`, ADMIN, { roleId: ROLE.admin })).statusCode).toBe(
      201,
    );
    const escalation = await call('PATCH', `/roles/${ROLE.superAdmin}`, row!.id, { isDefault: true });
    expect([escalation.statusCode, escalation.json().code]).toEqual([403, 'GRANT_EXCEEDS_OWN_PERMISSIONS']);
    // What only super-admin holds directly: the admin who asks lacks exactly that.
    expect(escalation.json().missingPermissions).toEqual(['roles:delete', 'templates:manage-system']);

    for (const isDefault of ['yes', null, 1]) {
      for (const response of [
        await call('POST', '/roles', ADMIN, {
          slug: `bad-${randomUUID().slice(0, 8)}`,
          name: 'Bad',
          isDefault,
        }),
        await call('PATCH', `/roles/${role.id}`, ADMIN, { isDefault }),
      ]) {
        expect([response.statusCode, response.json().code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(response.json().errors.map((e: any) => e.field)).toEqual(['isDefault']);
      }
    }
    expect(await defaults()).toEqual(['user']);
  });
});
