import { randomUUID } from 'node:crypto';
import { RECORD_SESSION, TOUCH_SESSION } from '@orion/contracts';
import { ServiceClient } from '@orion/core';
import { SessionsHandlers } from '../src/sessions/sessions.handlers';
import { UserServiceUnderTest } from './support/user-service';

const { admin, user } = UserServiceUnderTest;
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

describe('sessions', () => {
  let service: UserServiceUnderTest;
  let auth: ServiceClient;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start({}, { transport: true });
    auth = await service.client('auth');
  });

  afterAll(() => service?.stop());

  /**
   * A sign-in as the auth service reports it. Only the tests of the commands go over the shared
   * Redis (where another running copy of this service could answer); the rest call the handler.
   */
  const signIn = async (userId: string, device = 'Firefox on Linux') => {
    const authFamilyId = randomUUID();
    const { sessionId } = await service.app.get(SessionsHandlers).record({
      userId,
      authFamilyId,
      deviceName: device,
      ipAddress: '198.51.100.7',
      userAgent: 'Mozilla/5.0 Firefox/128.0',
      expiresAt: inADay(),
    });
    return { sessionId, authFamilyId };
  };

  /** Headers of an access token that belongs to the session. */
  const bearer = async (userId: string, sessionId?: string) => ({
    authorization: `Bearer ${await service.jwks.sign({ userId, sessionId })}`,
  });

  const statusOf = async (sessionId: string) =>
    (await service.query<{ status: string }>('SELECT status FROM sessions WHERE id = $1', [sessionId]))[0]
      ?.status;

  it('records a sign-in once per auth family over the transport, audited as LOGIN, and touches it', async () => {
    const first = { authFamilyId: randomUUID() } as { authFamilyId: string; sessionId: string };
    first.sessionId = (
      await auth.send(RECORD_SESSION, {
        userId: user.id,
        authFamilyId: first.authFamilyId,
        expiresAt: inADay(),
      })
    ).sessionId;
    const again = await auth.send(RECORD_SESSION, {
      userId: user.id,
      authFamilyId: first.authFamilyId,
      expiresAt: inADay(),
    });
    expect(again.sessionId).toBe(first.sessionId);
    const logins = await service.query(
      'SELECT actor_id FROM audit_logs WHERE resource_id = $1 AND action = $2',
      [first.sessionId, 'LOGIN'],
    );
    expect(logins).toEqual([{ actor_id: user.id }]);

    expect(
      await auth.send(TOUCH_SESSION, { authFamilyId: first.authFamilyId, ipAddress: '192.0.2.44' }),
    ).toEqual({
      active: true,
      emailVerified: true,
    });
    const [row] = await service.query<any>('SELECT ip_address FROM sessions WHERE id = $1', [
      first.sessionId,
    ]);
    expect(row.ip_address).toBe('192.0.2.44');
    expect(await auth.send(TOUCH_SESSION, { authFamilyId: randomUUID() })).toEqual({ active: false });
  });

  it("moves the account's lastLoginAt to a new session's start, and leaves updatedAt alone", async () => {
    const account = async () =>
      (
        await service.query<{ last_login_at: Date | null; updated_at: Date }>(
          'SELECT last_login_at, updated_at FROM users WHERE id = $1',
          [admin.id],
        )
      )[0]!;
    const before = await account();
    const { sessionId, authFamilyId } = await signIn(admin.id, 'Chrome on macOS');
    const [session] = await service.query<{ created_at: Date; device_name: string }>(
      'SELECT created_at, device_name FROM sessions WHERE id = $1',
      [sessionId],
    );
    expect(session).toEqual({ created_at: expect.any(Date), device_name: 'Chrome on macOS' });
    const after = await account();
    expect(after.last_login_at).toEqual(session!.created_at);
    expect(after.updated_at).toEqual(before.updated_at);

    // The same sign-in reported again is not another one.
    await service.app.get(SessionsHandlers).record({ userId: admin.id, authFamilyId, expiresAt: inADay() });
    expect((await account()).last_login_at).toEqual(session!.created_at);
  });

  it('refuses to record a session of an unknown user, or an invalid payload', async () => {
    await expect(
      auth.send(RECORD_SESSION, { userId: randomUUID(), authFamilyId: randomUUID(), expiresAt: inADay() }),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND', status: 404 });
    await expect(
      auth.send(RECORD_SESSION, { userId: user.id, authFamilyId: 'nope', expiresAt: inADay() }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lists my live sessions and marks the one of my access token as current', async () => {
    const mine = await signIn(user.id, 'Phone');
    const other = await signIn(user.id, 'Laptop');
    await signIn(admin.id);
    const response = await service.call('GET', '/api/v1/users/me/sessions', {
      headers: await bearer(user.id, mine.sessionId),
    });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as any[];
    expect(items.every((item) => typeof item.lastActivityAt === 'string')).toBe(true);
    const byId = new Map(items.map((item) => [item.id, item]));
    expect(byId.get(mine.sessionId)).toMatchObject({
      deviceName: 'Phone',
      current: true,
      ipAddress: '198.51.100.7',
    });
    expect(byId.get(other.sessionId)).toMatchObject({ deviceName: 'Laptop', current: false });
    const owners = await service.query<{ user_id: string }>(
      'SELECT user_id FROM sessions WHERE id = ANY($1::uuid[])',
      [items.map((item) => item.id)],
    );
    expect(owners.every((owner) => owner.user_id === user.id)).toBe(true);

    const paged = await service.call('GET', '/api/v1/users/me/sessions', {
      as: user.id,
      query: { limit: '1' },
    });
    expect(paged.json().items).toHaveLength(1);
    expect(paged.json().nextCursor).toEqual(expect.any(String));
  });

  it("answers 404 when a user tries to end someone else's session, and leaves it alone", async () => {
    const theirs = await signIn(admin.id);
    const response = await service.call('DELETE', `/api/v1/users/me/sessions/${theirs.sessionId}`, {
      as: user.id,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('SESSION_NOT_FOUND');
    expect(await statusOf(theirs.sessionId)).toBe('ACTIVE');
    const listed = await service.call('GET', `/api/v1/users/${admin.id}/sessions`, { as: user.id });
    expect(listed.statusCode).toBe(403);
    const ended = await service.call('DELETE', `/api/v1/users/${admin.id}/sessions/${theirs.sessionId}`, {
      as: user.id,
    });
    expect(ended.statusCode).toBe(403);
    expect(await statusOf(theirs.sessionId)).toBe('ACTIVE');
  });

  it('ends one session: announces it to auth through the outbox, audits LOGOUT, stops touches', async () => {
    const session = await signIn(user.id);
    const response = await service.call('DELETE', `/api/v1/users/me/sessions/${session.sessionId}`, {
      as: user.id,
    });
    expect(response.statusCode).toBe(204);
    expect(await statusOf(session.sessionId)).toBe('REVOKED');

    const events = await service.query<any>(
      "SELECT payload FROM outbox_events WHERE name = 'user.session-ended.v1' AND payload->>'sessionId' = $1",
      [session.sessionId],
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({
      userId: user.id,
      authFamilyId: session.authFamilyId,
      reason: 'ended_by_user',
    });
    const audits = await service.query(
      'SELECT actor_id FROM audit_logs WHERE resource_id = $1 AND action = $2',
      [session.sessionId, 'LOGOUT'],
    );
    expect(audits).toEqual([{ actor_id: user.id }]);

    expect(await service.app.get(SessionsHandlers).touch({ authFamilyId: session.authFamilyId })).toEqual({
      active: false,
    });
    const twice = await service.call('DELETE', `/api/v1/users/me/sessions/${session.sessionId}`, {
      as: user.id,
    });
    expect(twice.statusCode).toBe(404);
  });

  it('signs out everywhere else but keeps the current session', async () => {
    const current = await signIn(user.id);
    const others = [await signIn(user.id), await signIn(user.id)];
    const response = await service.call('DELETE', '/api/v1/users/me/sessions', {
      headers: await bearer(user.id, current.sessionId),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().ended).toBeGreaterThanOrEqual(2);
    expect(await statusOf(current.sessionId)).toBe('ACTIVE');
    for (const other of others) expect(await statusOf(other.sessionId)).toBe('REVOKED');
  });

  it('lets holders of sessions:read and sessions:revoke see and end any user’s sessions', async () => {
    const session = await signIn(user.id);
    const listed = await service.call('GET', `/api/v1/users/${user.id}/sessions`, { as: admin.id });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((item: any) => item.id)).toContain(session.sessionId);

    const wrongOwner = await service.call(
      'DELETE',
      `/api/v1/users/${admin.id}/sessions/${session.sessionId}`,
      { as: admin.id },
    );
    expect(wrongOwner.statusCode).toBe(404);
    const ended = await service.call('DELETE', `/api/v1/users/${user.id}/sessions/${session.sessionId}`, {
      as: admin.id,
    });
    expect(ended.statusCode).toBe(204);
    const [event] = await service.query<any>(
      "SELECT payload FROM outbox_events WHERE name = 'user.session-ended.v1' AND payload->>'sessionId' = $1",
      [session.sessionId],
    );
    expect(event.payload.reason).toBe('revoked_by_admin');
    const [audit] = await service.query<any>(
      'SELECT actor_id FROM audit_logs WHERE resource_id = $1 AND action = $2',
      [session.sessionId, 'LOGOUT'],
    );
    expect(audit.actor_id).toBe(admin.id);
  });

  it('answers 400 for a session id that is not a UUID', async () => {
    const response = await service.call('DELETE', '/api/v1/users/me/sessions/42', { as: user.id });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
  });
});
