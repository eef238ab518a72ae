import { USER_DISABLED } from '@orion/contracts';
import { assignRole, createUser, outbox } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const { admin } = UserServiceUnderTest;

describe('disabling, deleting, restoring and erasing accounts', () => {
  let service: UserServiceUnderTest;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
  });

  afterAll(() => service?.stop());

  const addSession = async (userId: string) => {
    const [row] = await service.query<{ id: string }>(
      `INSERT INTO sessions (user_id, auth_family_id, expires_at, updated_at)
       VALUES ($1, gen_random_uuid(), now() + interval '1 day', now()) RETURNING id`,
      [userId],
    );
    return row.id;
  };

  it('suspending ends sessions and tokens at once and emits user.disabled.v1 in the same change', async () => {
    const target = await createUser(service);
    const sessionId = await addSession(target.id);
    const tokenBefore = await service.token(target.id);
    expect(
      (await service.call('GET', '/api/v1/users/me', { headers: { authorization: `Bearer ${tokenBefore}` } }))
        .statusCode,
    ).toBe(200);
    // iat has whole-second precision: a token from the same second as the suspension is refused too.
    const response = await service.call('PATCH', `/api/v1/users/${target.id}/status`, {
      as: admin.id,
      body: { status: 'SUSPENDED', reason: 'fraud review' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('SUSPENDED');

    const events = await outbox(service, USER_DISABLED.name, target.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({
      userId: target.id,
      status: 'SUSPENDED',
      cause: 'status',
      reason: 'fraud review',
    });
    const [session] = await service.query<any>(
      'SELECT status, ended_at, end_reason FROM sessions WHERE id = $1',
      [sessionId],
    );
    expect(session).toMatchObject({ status: 'REVOKED', end_reason: 'user_disabled' });
    expect(session.ended_at).not.toBeNull();
    const refused = await service.call('GET', '/api/v1/users/me', {
      headers: { authorization: `Bearer ${tokenBefore}` },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('TOKEN_REVOKED');
    const [audit] = await service.query<any>(
      `SELECT * FROM audit_logs WHERE resource_id = $1 AND action = 'UPDATE' ORDER BY created_at DESC LIMIT 1`,
      [target.id],
    );
    expect(audit).toMatchObject({
      actor_id: admin.id,
      changes: { before: { status: 'PENDING_VERIFICATION' }, after: { status: 'SUSPENDED' } },
    });

    // Suspending again changes nothing and announces nothing.
    await service.call('PATCH', `/api/v1/users/${target.id}/status`, {
      as: admin.id,
      body: { status: 'SUSPENDED' },
    });
    expect(await outbox(service, USER_DISABLED.name, target.id)).toHaveLength(1);
  });

  it('refuses statuses an administrator may not set, and acting on oneself', async () => {
    const target = await createUser(service);
    // Deletion and erasure are not statuses.
    for (const status of ['DELETED', 'PENDING_VERIFICATION', 'BANNED']) {
      const response = await service.call('PATCH', `/api/v1/users/${target.id}/status`, {
        as: admin.id,
        body: { status },
      });
      expect(response.statusCode).toBe(400);
    }
    const self = await service.call('PATCH', `/api/v1/users/${admin.id}/status`, {
      as: admin.id,
      body: { status: 'LOCKED' },
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('CANNOT_TARGET_SELF');
  });

  it('soft-deletes (releasing the address, ending sessions) and restores', async () => {
    const target = await createUser(service, { username: `del${Date.now()}` });
    // Support reads other users' profiles (users:read) but may not delete them (no users:delete).
    const support = await createUser(service);
    await assignRole(service, support.id, 'support');
    const supportReads = async () =>
      (await service.call('GET', `/api/v1/users/${target.id}`, { as: support.id })).statusCode;
    expect(await supportReads()).toBe(200);
    const sessionId = await addSession(target.id);
    const deleted = await service.call('DELETE', `/api/v1/users/${target.id}`, { as: admin.id });
    expect(deleted.statusCode).toBe(200);
    // Deletion is deleted_at alone: the status stays, so a restore brings the account back as it was.
    expect(deleted.json()).toMatchObject({ status: 'PENDING_VERIFICATION', erasedAt: null });
    expect(deleted.json().deletedAt).not.toBeNull();
    const [row] = await service.query<any>(
      'SELECT email_normalized, username, deleted_at FROM users WHERE id = $1',
      [target.id],
    );
    expect(row).toMatchObject({ email_normalized: null, username: null });
    expect(
      (await service.query<any>('SELECT status FROM sessions WHERE id = $1', [sessionId]))[0].status,
    ).toBe('REVOKED');
    expect((await outbox(service, USER_DISABLED.name, target.id)).map((e) => e.payload)).toEqual([
      expect.objectContaining({ status: 'PENDING_VERIFICATION', cause: 'deleted' }),
    ]);

    // Gone for everyone but those who may delete; gone for its owner.
    expect(await supportReads()).toBe(404);
    // Its tokens were revoked (401); a token issued later still finds nothing (404).
    expect([401, 404]).toContain(
      (await service.call('GET', '/api/v1/users/me', { as: target.id })).statusCode,
    );
    const listed = await service.call('GET', '/api/v1/users', {
      as: admin.id,
      query: { search: target.email },
    });
    expect(listed.json().items).toEqual([]);
    const deletedList = await service.call('GET', '/api/v1/users', {
      as: admin.id,
      query: { search: target.email, deleted: 'deleted' },
    });
    expect(deletedList.json().items.map((u: any) => u.id)).toEqual([target.id]);
    expect(
      (await service.call('GET', '/api/v1/users', { as: support.id, query: { search: target.email } })).json()
        .items,
    ).toEqual([]);
    const notAllowed = await service.call('GET', '/api/v1/users', {
      as: support.id,
      query: { deleted: 'all' },
    });
    expect(notAllowed.statusCode).toBe(403);
    expect(notAllowed.json()).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'users:delete' });
    expect((await service.call('DELETE', `/api/v1/users/${target.id}`, { as: admin.id })).json().code).toBe(
      'USER_DELETED',
    );

    const restored = await service.call('POST', `/api/v1/users/${target.id}/restore`, { as: admin.id });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({
      deletedAt: null,
      email: target.email,
      status: 'PENDING_VERIFICATION',
    });
    expect(await supportReads()).toBe(200);
    const [back] = await service.query<any>('SELECT email_normalized, username FROM users WHERE id = $1', [
      target.id,
    ]);
    expect(back.email_normalized).toBe(target.email.toLowerCase());
    expect(back.username).toMatch(/^del/);
    const actions = await service.query<any>(
      `SELECT action FROM audit_logs WHERE resource_id = $1 AND action IN ('DELETE', 'RESTORE') ORDER BY created_at`,
      [target.id],
    );
    expect(actions.map((a) => a.action)).toEqual(['DELETE', 'RESTORE']);
    expect(
      (await service.call('POST', `/api/v1/users/${target.id}/restore`, { as: admin.id })).json().code,
    ).toBe('USER_NOT_DELETED');
  });

  it('restoring fails with EMAIL_TAKEN when the address was registered again meanwhile', async () => {
    const target = await createUser(service);
    await service.call('DELETE', `/api/v1/users/${target.id}`, { as: admin.id });
    await createUser(service, { email: target.email });
    const restored = await service.call('POST', `/api/v1/users/${target.id}/restore`, { as: admin.id });
    expect(restored.statusCode).toBe(409);
    expect(restored.json().code).toBe('EMAIL_TAKEN');
    expect(
      (await service.query<any>('SELECT deleted_at FROM users WHERE id = $1', [target.id]))[0].deleted_at,
    ).not.toBeNull();
  });

  it('erasure removes personal data and credentials but keeps the row and the audit trail', async () => {
    const target = await createUser(service, {
      firstName: 'Erin',
      lastName: 'Erasable',
      phoneNumber: '+442071838750',
    });
    await service.call('PATCH', '/api/v1/users/me', { as: target.id, body: { displayName: 'Erin E.' } });
    await addSession(target.id);
    await service.query(
      `INSERT INTO api_keys (user_id, name, key_prefix, key_hash, updated_at) VALUES ($1, 'ci', 'orn_erase1', 'h-erase-1', now())`,
      [target.id],
    );
    const auditBefore = await service.query<any>(
      'SELECT id, action FROM audit_logs WHERE resource_id = $1 OR actor_id = $1 ORDER BY created_at',
      [target.id],
    );
    expect(auditBefore.length).toBeGreaterThanOrEqual(2);

    const unconfirmed = await service.call('POST', `/api/v1/users/${target.id}/erasure`, {
      as: admin.id,
      body: { confirmUserId: admin.id },
    });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.json().code).toBe('ERASURE_NOT_CONFIRMED');
    const missing = await service.call('POST', `/api/v1/users/${target.id}/erasure`, {
      as: admin.id,
      body: {},
    });
    expect(missing.statusCode).toBe(400);

    const ownersToken = await service.token(target.id);
    const erased = await service.call('POST', `/api/v1/users/${target.id}/erasure`, {
      as: admin.id,
      body: { confirmUserId: target.id, reason: 'data-protection request 42' },
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({
      id: target.id,
      status: 'DEACTIVATED',
      firstName: null,
      lastName: null,
    });
    expect(erased.json().erasedAt).not.toBeNull();
    expect(erased.json().deletedAt).not.toBeNull();

    const [row] = await service.query<any>('SELECT * FROM users WHERE id = $1', [target.id]);
    expect(row.erased_at).not.toBeNull();
    expect(row.deleted_at).not.toBeNull();
    expect(row).toMatchObject({
      status: 'DEACTIVATED',
      email_normalized: null,
      username: null,
      password_hash: null,
      first_name: null,
      last_name: null,
      display_name: null,
      phone_number: null,
    });
    expect(JSON.stringify(row)).not.toContain(target.email);
    expect(JSON.stringify(row)).not.toContain('Erin');
    for (const table of ['user_preferences', 'sessions', 'email_verifications', 'api_keys', 'user_roles']) {
      const [{ n }] = await service.query<any>(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [
        target.id,
      ]);
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    // Every earlier audit record is still there, unchanged, plus the erasure itself.
    const auditAfter = await service.query<any>(
      'SELECT id, action FROM audit_logs WHERE resource_id = $1 OR actor_id = $1 ORDER BY created_at',
      [target.id],
    );
    expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
    expect(auditAfter.at(-1).action).toBe('DELETE');
    expect(JSON.stringify(auditAfter)).not.toContain(target.email);
    expect((await outbox(service, USER_DISABLED.name, target.id)).at(-1)?.payload).toMatchObject({
      status: 'DEACTIVATED',
      cause: 'erased',
    });

    // Final: no restore, no second erasure, no edits; the owner's token is refused.
    expect(
      (await service.call('POST', `/api/v1/users/${target.id}/restore`, { as: admin.id })).statusCode,
    ).toBe(410);
    expect(
      (
        await service.call('POST', `/api/v1/users/${target.id}/erasure`, {
          as: admin.id,
          body: { confirmUserId: target.id },
        })
      ).statusCode,
    ).toBe(410);
    const withOldToken = await service.call('GET', '/api/v1/users/me', {
      headers: { authorization: `Bearer ${ownersToken}` },
    });
    expect(withOldToken.json().code).toBe('TOKEN_REVOKED');
    // A token minted afterwards (by a stale signer) still finds no account.
    expect([401, 404]).toContain(
      (await service.call('GET', '/api/v1/users/me', { as: target.id })).statusCode,
    );
    // The address is free again.
    await createUser(service, { email: target.email });

    // Hidden from lists, and from reading, for those who may not delete.
    const support = await createUser(service);
    await assignRole(service, support.id, 'support');
    const search = `erased-${target.id}`;
    const list = async (as: string, query: Record<string, string> = {}) =>
      service.call('GET', '/api/v1/users', { as, query: { search, ...query } });
    expect((await list(admin.id)).json().items).toEqual([]);
    expect((await list(admin.id, { status: 'DEACTIVATED' })).json().items).toEqual([]);
    expect((await list(admin.id, { deleted: 'deleted' })).json().items.map((u: any) => u.id)).toEqual([
      target.id,
    ]);
    expect((await list(support.id)).json().items).toEqual([]);
    expect((await list(support.id, { deleted: 'all' })).statusCode).toBe(403);
    expect((await service.call('GET', `/api/v1/users/${target.id}`, { as: support.id })).statusCode).toBe(
      404,
    );
    expect((await service.call('GET', `/api/v1/users/${target.id}`, { as: admin.id })).statusCode).toBe(200);
  });
});
