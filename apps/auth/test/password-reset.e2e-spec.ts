import { createHash } from 'node:crypto';
import { PASSWORD_RESET_REQUESTED } from '@orion/contracts';
import { openSealedForTest } from '@orion/testing';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'amber-walrus-knits-slowly';
const NEW_PASSWORD = 'pelican-orchard-thunder-92';
const RESET_URL = 'http://localhost:3000/reset-password';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('password reset', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start({ PASSWORD_RESET_URL: RESET_URL, PASSWORD_RESET_TTL_S: '900' });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const requestReset = (email: string) =>
    auth.call('POST', '/api/v1/auth/password-reset', { body: { email } });
  const confirm = (token: string, password: string) =>
    auth.call('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password } });
  const signIn = (email: string, password: string) =>
    auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password } });

  async function userIdOf(email: string): Promise<string> {
    const [user] = await auth.users.query<{ id: string }>(
      'SELECT id FROM users WHERE email_normalized = $1',
      [email],
    );
    return user.id;
  }

  /** The links sent to the user so far, oldest first, as the notification service receives them. */
  async function resetLinks(userId: string): Promise<Array<{ token: string; expiresAt: string }>> {
    const rows = await auth.query<{ payload: { userId: string; resetUrl: string; expiresAt: string } }>(
      "SELECT payload FROM outbox_events WHERE name = 'auth.password-reset-requested.v1' ORDER BY occurred_at",
    );
    return rows
      .filter((row) => row.payload.userId === userId)
      .map((row) => {
        const url = new URL(
          openSealedForTest('notification', PASSWORD_RESET_REQUESTED, 'resetUrl', row.payload.resetUrl),
        );
        expect(`${url.origin}${url.pathname}`).toBe(RESET_URL);
        return { token: url.searchParams.get('token') as string, expiresAt: row.payload.expiresAt };
      });
  }

  it('answers a known and an unknown address alike, and mails a link only to the account', async () => {
    const email = uniqueEmail('forgetful');
    await auth.signUpAndIn(email, PASSWORD);
    const userId = await userIdOf(email);
    const before = await auth.query('SELECT 1 FROM password_resets');

    const known = await requestReset(email);
    const unknown = await requestReset(uniqueEmail('nobody'));
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual(known.json());
    expect(unknown.body).toBe(known.body);

    const rows = await auth.query<{ user_id: string; token_hash: string; expires_at: Date }>(
      'SELECT user_id, token_hash, expires_at FROM password_resets',
    );
    expect(rows).toHaveLength(before.length + 1);
    const [link] = await resetLinks(userId);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored, and the link lives as long as configured.
    const stored = rows.find((row) => row.user_id === userId);
    expect(stored?.token_hash).toBe(sha256(link.token));
    expect(JSON.stringify(rows)).not.toContain(link.token);
    const lifetimeS = (stored!.expires_at.getTime() - Date.now()) / 1000;
    expect(lifetimeS).toBeGreaterThan(800);
    expect(lifetimeS).toBeLessThanOrEqual(900);
    expect(new Date(link.expiresAt).getTime()).toBe(stored!.expires_at.getTime());
  });

  it('sets the new password, ends every session and refuses the link a second time', async () => {
    const email = uniqueEmail('reset');
    const pair = await auth.signUpAndIn(email, PASSWORD);
    const userId = await userIdOf(email);
    await requestReset(email);
    const [{ token }] = await resetLinks(userId);

    const done = await confirm(token, NEW_PASSWORD);
    expect(done.statusCode).toBe(204);

    expect((await signIn(email, PASSWORD)).json().code).toBe('INVALID_CREDENTIALS');
    expect((await signIn(email, NEW_PASSWORD)).statusCode).toBe(200);
    // Tokens issued before the reset are dead: the access token everywhere, the refresh token here.
    const session = await auth.call('GET', '/api/v1/auth/session', { bearer: pair.accessToken });
    expect(session.statusCode).toBe(401);
    const refresh = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: pair.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    const sessions = await auth.users.query<{ status: string }>('SELECT status FROM sessions WHERE id = $1', [
      pair.sessionId,
    ]);
    expect(sessions).toEqual([{ status: 'REVOKED' }]);

    const again = await confirm(token, 'another-fine-passphrase-7');
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('PASSWORD_RESET_TOKEN_INVALID');

    const [reset] = await auth.query<{ used_at: Date | null }>(
      'SELECT used_at FROM password_resets WHERE token_hash = $1',
      [sha256(token)],
    );
    expect(reset.used_at).not.toBeNull();
    const alerts = await auth.query<{ payload: { userId: string; method: string } }>(
      "SELECT payload FROM outbox_events WHERE name = 'auth.password-changed.v1'",
    );
    expect(alerts.map((row) => row.payload)).toContainEqual(
      expect.objectContaining({ userId, method: 'reset' }),
    );
    const events = await auth.query('SELECT 1 FROM security_events WHERE user_id = $1 AND type = $2', [
      userId,
      'password.reset',
    ]);
    expect(events).toHaveLength(1);
    const audit = await auth.users.query<{ action: string; actor_id: string }>(
      "SELECT action, actor_id FROM audit_logs WHERE resource_id = $1 AND action = 'PASSWORD_RESET'",
      [userId],
    );
    expect(audit).toEqual([{ action: 'PASSWORD_RESET', actor_id: userId }]);
  });

  it('keeps the link usable when the new password is refused by the policy', async () => {
    const email = uniqueEmail('weak');
    await auth.signUpAndIn(email, PASSWORD);
    await requestReset(email);
    const [{ token }] = await resetLinks(await userIdOf(email));

    const weak = await confirm(token, 'password123');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('PASSWORD_TOO_COMMON');
    const tooShort = await confirm(token, 'short');
    expect(tooShort.json().code).toBe('PASSWORD_TOO_SHORT');

    expect((await confirm(token, NEW_PASSWORD)).statusCode).toBe(204);
  });

  it('voids older links when a newer one is requested, and refuses expired or unknown ones', async () => {
    const email = uniqueEmail('twice');
    await auth.signUpAndIn(email, PASSWORD);
    const userId = await userIdOf(email);
    await requestReset(email);
    await requestReset(email);
    const [older, newer] = await resetLinks(userId);
    expect(older.token).not.toBe(newer.token);

    expect((await confirm(older.token, NEW_PASSWORD)).json().code).toBe('PASSWORD_RESET_TOKEN_INVALID');

    await auth.query(
      "UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
      [sha256(newer.token)],
    );
    expect((await confirm(newer.token, NEW_PASSWORD)).json().code).toBe('PASSWORD_RESET_TOKEN_INVALID');
    expect((await confirm('A'.repeat(43), NEW_PASSWORD)).json().code).toBe('PASSWORD_RESET_TOKEN_INVALID');
    expect((await signIn(email, PASSWORD)).statusCode).toBe(200);

    const malformed = await confirm('not a token!', NEW_PASSWORD);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('VALIDATION_FAILED');
  });

  it('limits reset e-mails per address, whether or not it has an account', async () => {
    await auth.setRateLimit('password-reset:identifier', { limit: 2 });
    try {
      for (const email of [uniqueEmail('flooded'), uniqueEmail('unknown')]) {
        expect((await requestReset(email)).statusCode).toBe(202);
        expect((await requestReset(email)).statusCode).toBe(202);
        const third = await requestReset(email);
        expect(third.statusCode).toBe(429);
        expect(third.json().code).toBe('RATE_LIMITED');
      }
    } finally {
      await auth.setRateLimit('password-reset:identifier', { limit: 100000 });
    }
  });
});
