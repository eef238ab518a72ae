import { randomUUID } from 'node:crypto';
import { SessionsHandlers } from '../src/sessions/sessions.handlers';
import { assignRole, createUser } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const { admin } = UserServiceUnderTest;

/**
 * Acting on another account needs every permission that account holds: a manager (users:suspend,
 * users:update, sessions:revoke) cannot turn them against a super-admin, but can against a plain user.
 */
describe('administration respects the hierarchy', () => {
  let service: UserServiceUnderTest;
  let manager: string;
  let support: string;
  let superAdmin: string;
  let plain: string;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
    manager = (await createUser(service)).id;
    await assignRole(service, manager, 'manager');
    support = (await createUser(service)).id;
    await assignRole(service, support, 'support');
    superAdmin = (await createUser(service)).id;
    await assignRole(service, superAdmin, 'super-admin');
    plain = (await createUser(service)).id;
  });
  afterAll(() => service?.stop());

  const signIn = async (userId: string) =>
    (
      await service.app.get(SessionsHandlers).record({
        userId,
        authFamilyId: randomUUID(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      })
    ).sessionId;
  const row = async (userId: string) =>
    (
      await service.query<{ status: string; first_name: string | null; email_verified_at: Date | null }>(
        'SELECT status, first_name, email_verified_at FROM users WHERE id = $1',
        [userId],
      )
    )[0]!;
  const liveSessions = async (userId: string) =>
    (
      await service.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND status = 'ACTIVE'",
        [userId],
      )
    )[0]!.n;
  const refused = (response: { statusCode: number; json(): { code: string } }) => {
    expect([response.statusCode, response.json().code]).toEqual([403, 'TARGET_OUTRANKS_ACTOR']);
  };

  it('refuses a manager deactivating, editing or verifying a super-admin, and leaves the account as it was', async () => {
    const before = await row(superAdmin);
    refused(
      await service.call('PATCH', `/api/v1/users/${superAdmin}/status`, {
        as: manager,
        body: { status: 'DEACTIVATED', reason: 'takeover' },
      }),
    );
    refused(
      await service.call('PATCH', `/api/v1/users/${superAdmin}`, {
        as: manager,
        body: { firstName: 'Owned' },
      }),
    );
    refused(
      await service.call('POST', `/api/v1/users/${superAdmin}/email-verification/confirm`, { as: manager }),
    );
    refused(
      await service.call('PUT', `/api/v1/users/${superAdmin}/preferences/display`, {
        as: manager,
        headers: { 'if-match': '"0"' },
        body: {},
      }),
    );
    expect(await row(superAdmin)).toEqual(before);
  });

  it('refuses a manager or support ending a super-admin’s sessions', async () => {
    await signIn(superAdmin);
    const one = await signIn(superAdmin);
    refused(await service.call('DELETE', `/api/v1/users/${superAdmin}/sessions`, { as: support }));
    refused(await service.call('DELETE', `/api/v1/users/${superAdmin}/sessions/${one}`, { as: manager }));
    expect(await liveSessions(superAdmin)).toBe(2);
  });

  it('refuses an administrator revoking a super-admin’s API key', async () => {
    const administrator = (await createUser(service)).id;
    await assignRole(service, administrator, 'admin');
    await service.query("UPDATE users SET status = 'ACTIVE', email_verified_at = now() WHERE id = $1", [
      superAdmin,
    ]);
    const created = await service.call('POST', '/api/v1/users/me/api-keys', {
      as: superAdmin,
      body: { name: 'deploy', scopes: ['roles:read'] },
    });
    expect(created.statusCode).toBe(201);
    const keyId = created.json().id as string;
    refused(
      await service.call('DELETE', `/api/v1/users/${superAdmin}/api-keys/${keyId}`, { as: administrator }),
    );
    const [key] = await service.query<{ revoked_at: Date | null }>(
      'SELECT revoked_at FROM api_keys WHERE id = $1',
      [keyId],
    );
    expect(key!.revoked_at).toBeNull();
  });

  it('lets a manager act on a plain user', async () => {
    await signIn(plain);
    const edited = await service.call('PATCH', `/api/v1/users/${plain}`, {
      as: manager,
      body: { firstName: 'Renamed' },
    });
    expect(edited.statusCode).toBe(200);
    const verified = await service.call('POST', `/api/v1/users/${plain}/email-verification/confirm`, {
      as: manager,
    });
    expect(verified.statusCode).toBe(200);
    const ended = await service.call('DELETE', `/api/v1/users/${plain}/sessions`, { as: support });
    expect(ended.statusCode).toBe(200);
    expect(await liveSessions(plain)).toBe(0);
    const suspended = await service.call('PATCH', `/api/v1/users/${plain}/status`, {
      as: manager,
      body: { status: 'SUSPENDED' },
    });
    expect(suspended.statusCode).toBe(200);
    expect(await row(plain)).toMatchObject({ status: 'SUSPENDED', first_name: 'Renamed' });
    expect((await row(plain)).email_verified_at).not.toBeNull();
  });

  it('lets a super-admin act on a manager, and still refuses the manager once suspended', async () => {
    await signIn(manager);
    const suspended = await service.call('PATCH', `/api/v1/users/${manager}/status`, {
      as: superAdmin,
      body: { status: 'SUSPENDED' },
    });
    expect(suspended.statusCode).toBe(200);
    expect(await liveSessions(manager)).toBe(0);
    // A suspended super-admin still outranks a manager: suspension does not open the account to them.
    const other = (await createUser(service)).id;
    await assignRole(service, other, 'manager');
    await service.call('PATCH', `/api/v1/users/${superAdmin}/status`, {
      as: admin.id,
      body: { status: 'SUSPENDED' },
    });
    refused(
      await service.call('PATCH', `/api/v1/users/${superAdmin}/status`, {
        as: other,
        body: { status: 'ACTIVE' },
      }),
    );
    expect((await row(superAdmin)).status).toBe('SUSPENDED');
  });
});
