import { eventually } from '@orion/testing';
import { PASSWORD_CHANGED } from '@orion/contracts';
import { EventPublisher } from '@orion/core';
import { PrismaService } from '../src/database/prisma.service';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'amber-heron-over-the-marsh';
const WRONG = 'not-the-password-at-all';
const ATTACKER = { ip: '203.0.113.7', deviceId: 'attacker-box-0001' };

describe('lockout at the NIST limit of 100 consecutive failures', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    // Temporary lockouts off: only the hard limit remains, so 100 failures run back to back.
    auth = await AuthServiceUnderTest.start({ SIGN_IN_LOCKOUT_AFTER_FAILURES: '0' });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('locks the account before the 101st attempt is checked; an administrator’s unlock lets the right password in', async () => {
    const email = uniqueEmail('victim');
    await auth.signUpAndIn(email, PASSWORD);
    const [{ id: userId }] = await auth.users.query<{ id: string }>(
      'SELECT id FROM users WHERE email_normalized = $1',
      [email],
    );

    for (let attempt = 1; attempt <= 100; attempt += 1) {
      const response = await auth.signIn(email, WRONG, ATTACKER);
      if (response.statusCode !== 401)
        throw new Error(`attempt ${attempt} answered ${response.statusCode}: ${response.body}`);
    }

    // The right password now: refused without being checked.
    const refused = await auth.signIn(email, PASSWORD, ATTACKER);
    expect(refused.statusCode).toBe(423);
    expect(refused.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', lockedUntil: null });
    expect(refused.headers['retry-after']).toBeUndefined();

    const attempts = await auth.query<{ status: string; failure_reason: string | null; count: string }>(
      `SELECT status, failure_reason, count(*)::text AS count FROM login_attempts
        WHERE identifier = $1 AND status <> 'SUCCESS' GROUP BY status, failure_reason ORDER BY status::text`,
      [email],
    );
    expect(attempts).toEqual([
      { status: 'BLOCKED', failure_reason: 'locked', count: '1' },
      { status: 'FAILED', failure_reason: 'invalid_credentials', count: '100' },
    ]);
    const locked = await auth.query<{ metadata: Record<string, unknown> }>(
      "SELECT metadata FROM security_events WHERE user_id = $1 AND type = 'account.locked'",
      [userId],
    );
    expect(locked).toEqual([
      { metadata: expect.objectContaining({ consecutiveFailures: 100, indefinite: true }) },
    ]);
    const alerts = await auth.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM outbox_events WHERE name = 'auth.account-locked.v1'",
    );
    expect(alerts.map((alert) => alert.payload)).toContainEqual(
      expect.objectContaining({ userId, consecutiveFailures: 100 }),
    );

    const admin = await auth.adminAccessToken();
    const unlock = await auth.call('POST', `/api/v1/admin/users/${userId}/unlock`, { bearer: admin });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json()).toEqual({ wasLocked: true, wasRateLimited: false });
    const unlocked = await auth.query(
      "SELECT metadata->>'reason' AS reason FROM security_events WHERE user_id = $1 AND type = 'account.unlocked'",
      [userId],
    );
    expect(unlocked).toEqual([{ reason: 'administrator' }]);

    const signedIn = await auth.signIn(email, PASSWORD, ATTACKER);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ status: 'authenticated', accessToken: expect.any(String) });
  });
});

describe('temporary lockout for devices the account does not trust', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start({
      SIGN_IN_LOCKOUT_AFTER_FAILURES: '3',
      SIGN_IN_LOCKOUT_BASE_MS: String(10 * 60_000),
    });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('locks unknown devices for a while (423 with Retry-After) while the owner’s trusted device token still signs in', async () => {
    const email = uniqueEmail('owner');
    const owner = { ip: '198.51.100.20', deviceId: 'owner-laptop-0001' };
    const first = await auth.signIn(email, PASSWORD, owner);
    expect(first.statusCode).toBe(401);
    await auth.signUp(email, PASSWORD);
    const signedIn = await auth.signIn(email, PASSWORD, owner);
    expect(signedIn.statusCode).toBe(200);
    const { accessToken } = signedIn.json();
    const devices = await auth.call('GET', '/api/v1/devices', { bearer: accessToken });
    const [device] = devices.json().items;
    const trusted = await auth.call('POST', `/api/v1/devices/${device.id}/trust`, { bearer: accessToken });
    expect(trusted.statusCode).toBe(200);
    const { deviceToken } = trusted.json();

    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect((await auth.signIn(email, WRONG, ATTACKER)).statusCode).toBe(401);
    }
    const locked = await auth.signIn(email, PASSWORD, ATTACKER);
    expect(locked.statusCode).toBe(423);
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', lockedUntil: expect.any(String) });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);

    // The owner's device id alone is no proof: only the device token passes the lock.
    expect((await auth.signIn(email, PASSWORD, owner)).statusCode).toBe(423);
    const fromTrusted = await auth.signIn(email, PASSWORD, { ...owner, deviceToken });
    expect(fromTrusted.statusCode).toBe(200);
    expect(fromTrusted.json().status).toBe('authenticated');
  });

  it('lets only holders of users:suspend unlock; a refused unlock leaves the lock in place', async () => {
    const victim = uniqueEmail('locked-victim');
    await auth.signUpAndIn(victim, PASSWORD);
    for (let attempt = 1; attempt <= 3; attempt += 1) await auth.signIn(victim, WRONG, ATTACKER);
    expect((await auth.signIn(victim, PASSWORD, ATTACKER)).statusCode).toBe(423);
    const [{ id: userId }] = await auth.users.query<{ id: string }>(
      'SELECT id FROM users WHERE email_normalized = $1',
      [victim],
    );
    const lockState = () =>
      auth.query<{ consecutive_failures: number; lockouts: number; locked_until: Date | null }>(
        'SELECT consecutive_failures, lockouts, locked_until FROM sign_in_lockouts WHERE user_id = $1',
        [userId],
      );
    const [before] = await lockState();
    expect(before).toMatchObject({ consecutive_failures: 3, lockouts: 1, locked_until: expect.any(Date) });

    const email = uniqueEmail('plain');
    const { accessToken } = await auth.signUpAndIn(email, PASSWORD);
    const response = await auth.call('POST', `/api/v1/admin/users/${userId}/unlock`, {
      bearer: accessToken,
    });
    expect(response.statusCode).toBe(403);

    expect(await lockState()).toEqual([before]);
    const unlocked = await auth.query(
      "SELECT 1 FROM security_events WHERE user_id = $1 AND type = 'account.unlocked'",
      [userId],
    );
    expect(unlocked).toEqual([]);
    const stillRefused = await auth.signIn(victim, PASSWORD, ATTACKER);
    expect(stillRefused.statusCode).toBe(423);
    expect(stillRefused.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', lockedUntil: expect.any(String) });
  });

  it('lifts the lock when the password changes (auth.password-changed.v1)', async () => {
    const email = uniqueEmail('resetter');
    await auth.signUpAndIn(email, PASSWORD);
    const [{ id: userId }] = await auth.users.query<{ id: string }>(
      'SELECT id FROM users WHERE email_normalized = $1',
      [email],
    );
    for (let attempt = 1; attempt <= 3; attempt += 1) await auth.signIn(email, WRONG, ATTACKER);
    expect((await auth.signIn(email, PASSWORD, ATTACKER)).statusCode).toBe(423);

    await auth.app.get(EventPublisher).publish(auth.app.get(PrismaService), PASSWORD_CHANGED, {
      userId,
      method: 'reset',
      occurredAt: new Date().toISOString(),
    });
    await eventually(
      async () =>
        (await auth.query('SELECT 1 FROM sign_in_lockouts WHERE user_id = $1', [userId])).length === 0,
      'the lock to be lifted',
    );
    expect((await auth.signIn(email, PASSWORD, ATTACKER)).statusCode).toBe(200);
    const [unlocked] = await auth.query<{ metadata: Record<string, unknown> }>(
      "SELECT metadata FROM security_events WHERE user_id = $1 AND type = 'account.unlocked'",
      [userId],
    );
    expect(unlocked.metadata).toMatchObject({ reason: 'password_reset', wasLocked: true });
  });

  it('locks an address without an account exactly like one with an account', async () => {
    const known = uniqueEmail('known');
    await auth.signUpAndIn(known, PASSWORD);
    const unknown = uniqueEmail('nobody');
    const answers: Array<{ status: number; body: Record<string, unknown> }> = [];
    for (const email of [known, unknown]) {
      for (let attempt = 1; attempt <= 3; attempt += 1) await auth.signIn(email, WRONG, ATTACKER);
      const response = await auth.signIn(email, WRONG, ATTACKER);
      const { instance: _instance, requestId: _requestId, lockedUntil, ...body } = response.json();
      expect(lockedUntil).toEqual(expect.any(String));
      answers.push({ status: response.statusCode, body });
    }
    expect(answers[0].status).toBe(423);
    expect(answers[1]).toEqual(answers[0]);
  });
});
