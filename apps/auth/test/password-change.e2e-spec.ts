import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';
import { agedSession, claimsOf } from './support/recent-authentication';

const PASSWORD = 'lantern-over-the-quiet-harbour';
const NEW_PASSWORD = 'copper-kettle-on-a-winter-morning';
const HOUR_S = 3600;

describe('changing the password while signed in (POST /auth/password)', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start();
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const change = (accessToken: string, body: Record<string, unknown>) =>
    auth.call('POST', '/api/v1/auth/password', {
      bearer: accessToken,
      body,
      headers: { 'x-forwarded-for': '198.51.100.77' },
    });
  const refresh = (refreshToken: string) =>
    auth.call('POST', '/api/v1/auth/token/refresh', { body: { refreshToken } });
  const signIn = (email: string, password: string) =>
    auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password } });

  /** One account signed in twice: `here` changes the password, `there` is another device. */
  async function twoSessions(label: string) {
    const email = uniqueEmail(label);
    const here = await auth.signUpAndIn(email, PASSWORD);
    const there = (await signIn(email, PASSWORD)).json();
    return { email, userId: claimsOf(here.accessToken).sub, here, there };
  }

  it('a wrong current password is refused and counted like a failed sign-in; the password stays', async () => {
    const { email, here } = await twoSessions('pw-wrong');
    const refused = await change(here.accessToken, {
      currentPassword: 'not-my-password-at-all',
      newPassword: NEW_PASSWORD,
    });
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const [attempt] = await auth.query<{ failure_reason: string }>(
      "SELECT failure_reason FROM login_attempts WHERE identifier = $1 AND status = 'FAILED'",
      [email.toLowerCase()],
    );
    expect(attempt.failure_reason).toBe('invalid_credentials');
    const [lockout] = await auth.query<{ consecutive_failures: number }>(
      'SELECT consecutive_failures FROM sign_in_lockouts WHERE identifier = $1',
      [email.toLowerCase()],
    );
    expect(lockout.consecutive_failures).toBe(1);
    expect((await signIn(email, PASSWORD)).statusCode).toBe(200);
    expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(401);
  });

  it('a new password the sign-up policy refuses is a 400 naming the rule; nothing changes', async () => {
    const { email, here, there } = await twoSessions('pw-weak');
    for (const [newPassword, code] of [
      ['short', 'PASSWORD_TOO_SHORT'],
      ['password123', 'PASSWORD_TOO_COMMON'],
      [`${email}-x`, 'PASSWORD_CONTAINS_IDENTIFIER'],
    ]) {
      const refused = await change(here.accessToken, { currentPassword: PASSWORD, newPassword });
      expect([refused.statusCode, refused.json().code]).toEqual([400, code]);
    }
    expect((await refresh(there.refreshToken)).statusCode).toBe(200);
    expect((await signIn(email, PASSWORD)).statusCode).toBe(200);
  });

  it('with the current password: set in the user service, other sessions ended, this one kept, an alert and a security event', async () => {
    const { email, userId, here, there } = await twoSessions('pw-change');
    const changed = await change(here.accessToken, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(204);

    // The other device is out: its refresh token and its access token are refused.
    expect((await refresh(there.refreshToken)).json().code).toBe('REFRESH_TOKEN_INVALID');
    const otherSession = await auth.call('GET', '/api/v1/auth/session', { bearer: there.accessToken });
    expect([otherSession.statusCode, otherSession.json().code]).toEqual([401, 'TOKEN_REVOKED']);
    // This one stays signed in.
    expect((await auth.call('GET', '/api/v1/auth/session', { bearer: here.accessToken })).statusCode).toBe(
      200,
    );
    expect((await refresh(here.refreshToken)).statusCode).toBe(200);

    expect((await signIn(email, PASSWORD)).statusCode).toBe(401);
    expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(200);

    const sessions = await auth.users.query<{ id: string; status: string }>(
      'SELECT id, status FROM sessions WHERE id = ANY($1::uuid[])',
      [[here.sessionId, there.sessionId]],
    );
    expect(Object.fromEntries(sessions.map((row) => [row.id, row.status]))).toEqual({
      [here.sessionId]: 'ACTIVE',
      [there.sessionId]: 'REVOKED',
    });
    const audit = await auth.users.query<{ action: string; actor_id: string }>(
      "SELECT action, actor_id FROM audit_logs WHERE resource_id = $1 AND action = 'PASSWORD_CHANGE'",
      [userId],
    );
    expect(audit).toEqual([{ action: 'PASSWORD_CHANGE', actor_id: userId }]);
    const [alert] = await auth.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM outbox_events WHERE name = 'auth.password-changed.v1' AND payload->>'userId' = $1",
      [userId],
    );
    expect(alert.payload).toMatchObject({ userId, method: 'change', ip: '198.51.100.77' });
    const events = await auth.query<{ type: string; metadata: Record<string, unknown> }>(
      "SELECT type, metadata FROM security_events WHERE user_id = $1 AND type = 'password.changed'",
      [userId],
    );
    expect(events).toEqual([
      { type: 'password.changed', metadata: { sessionId: here.sessionId, otherSessionsEnded: true } },
    ]);
  });

  it('keepOtherSessions keeps the other device signed in', async () => {
    const { here, there } = await twoSessions('pw-keep');
    const changed = await change(here.accessToken, {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      keepOtherSessions: true,
    });
    expect(changed.statusCode).toBe(204);
    expect((await refresh(there.refreshToken)).statusCode).toBe(200);
  });

  it('without the current password it needs a recent sign-in: an old session is asked to step up', async () => {
    const { email, here } = await twoSessions('pw-stale');
    const old = await agedSession(auth, here.refreshToken, HOUR_S);
    const refused = await change(old.accessToken, { newPassword: NEW_PASSWORD });
    expect([refused.statusCode, refused.json().code]).toEqual([401, 'REAUTHENTICATION_REQUIRED']);
    expect((await signIn(email, PASSWORD)).statusCode).toBe(200);

    const stepUp = await auth.call('POST', '/api/v1/auth/step-up', {
      bearer: old.accessToken,
      body: { method: 'password', password: PASSWORD },
    });
    expect(stepUp.statusCode).toBe(200);
    const changed = await change(stepUp.json().accessToken, { newPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(204);
    expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(200);
  });
});
