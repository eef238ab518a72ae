import { createHash } from 'node:crypto';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';
import { enableTotp, newSignedInUser, PASSWORD, totpCode } from './support/two-factor';

const WRONG = 'not-the-password-at-all';
const VICTIM_BROWSER =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('device trust bound to a server-issued device token', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    // Locks at 5 failures for 10 minutes; at 8 in a row the lock lasts until cleared.
    auth = await AuthServiceUnderTest.start({
      SIGN_IN_LOCKOUT_AFTER_FAILURES: '5',
      SIGN_IN_LOCKOUT_BASE_MS: String(10 * 60_000),
      SIGN_IN_MAX_CONSECUTIVE_FAILURES: '8',
    });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  /** The victim trusts their laptop while answering the second factor; returns the device token. */
  async function trustedVictim() {
    const victim = await newSignedInUser(auth, 'trusting');
    const { secret } = await enableTotp(auth, victim);
    const laptop = { deviceId: `victim-laptop-${victim.userId}`, userAgent: VICTIM_BROWSER };
    const challenged = await auth.signIn(victim.email, PASSWORD, laptop);
    expect(challenged.json().status).toBe('mfa_required');
    const verified = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: {
        challengeToken: challenged.json().mfa.challengeToken,
        method: 'totp',
        code: await totpCode(secret, 1),
        trustDevice: true,
      },
    });
    expect(verified.statusCode).toBe(200);
    return { victim, laptop, verified, deviceToken: verified.json().deviceToken as string };
  }

  it('issues a random device token once (hash stored, HttpOnly Secure SameSite=Strict cookie); the victim’s user agent and device id without it get the second factor', async () => {
    const { victim, laptop, verified, deviceToken } = await trustedVictim();
    expect(deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = String(verified.headers['set-cookie']);
    expect(cookie).toContain(`orion_device=${deviceToken}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    const rows = await auth.query<{ trust_token_hash: string; row: string }>(
      "SELECT trust_token_hash, row_to_json(devices)::text AS row FROM devices WHERE user_id = $1 AND status = 'TRUSTED'",
      [victim.userId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].trust_token_hash).toBe(sha256(deviceToken));
    expect(rows[0].row).not.toContain(deviceToken);

    // A thief who copied everything a browser shows: user agent and device id.
    const thief = await auth.signIn(victim.email, PASSWORD, { ...laptop, ip: '203.0.113.50' });
    expect(thief.json().status).toBe('mfa_required');
    // A guessed token is nothing either.
    const guessed = await auth.signIn(victim.email, PASSWORD, { ...laptop, deviceToken: 'A'.repeat(43) });
    expect(guessed.json().status).toBe('mfa_required');

    const withHeader = await auth.signIn(victim.email, PASSWORD, { ...laptop, deviceToken });
    expect(withHeader.json().status).toBe('authenticated');
    const withCookie = await auth.call('POST', '/api/v1/auth/sign-in', {
      headers: { 'user-agent': 'any browser at all', cookie: `orion_device=${deviceToken}` },
      body: { email: victim.email, password: PASSWORD },
    });
    expect(withCookie.json().status).toBe('authenticated');
  });

  it('lets only the token holder past a temporary lock, and nobody past the lock at the hard limit', async () => {
    const { victim, laptop, deviceToken } = await trustedVictim();
    const stranger = { ip: '203.0.113.60', deviceId: 'stranger-box-0001' };
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await auth.signIn(victim.email, WRONG, stranger)).statusCode).toBe(401);
    }
    // Temporary lock: the copied user agent and device id are locked out like the stranger.
    const copied = await auth.signIn(victim.email, PASSWORD, laptop);
    expect([copied.statusCode, copied.json().code]).toEqual([423, 'ACCOUNT_LOCKED']);
    const owner = await auth.signIn(victim.email, PASSWORD, { ...laptop, deviceToken });
    expect(owner.statusCode).toBe(200);
    expect(owner.json().status).toBe('authenticated');

    // The owner's success cleared the run; a new one from the stranger, then guesses made with
    // the (stolen) token itself, reach the hard limit of 8: then the token does not help either.
    for (let attempt = 1; attempt <= 5; attempt += 1) await auth.signIn(victim.email, WRONG, stranger);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect((await auth.signIn(victim.email, WRONG, { ...laptop, deviceToken })).statusCode).toBe(401);
    }
    const hardLocked = await auth.signIn(victim.email, PASSWORD, { ...laptop, deviceToken });
    expect(hardLocked.statusCode).toBe(423);
    expect(hardLocked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', lockedUntil: null });
  });

  it('lets a sign-in waiting for its second factor finish despite a stranger’s lock; the hard limit stops it', async () => {
    const victim = await newSignedInUser(auth, 'mid-challenge');
    const { secret } = await enableTotp(auth, victim);
    const stranger = { ip: '203.0.113.70', deviceId: 'stranger-box-0002' };
    const verify = (challengeToken: string, code: string) =>
      auth.call('POST', '/api/v1/auth/mfa/verify', { body: { challengeToken, method: 'totp', code } });

    const first = (await auth.signIn(victim.email, PASSWORD)).json().mfa.challengeToken as string;
    for (let attempt = 1; attempt <= 5; attempt += 1) await auth.signIn(victim.email, WRONG, stranger);
    expect((await auth.signIn(victim.email, PASSWORD)).statusCode).toBe(423);
    const finished = await verify(first, await totpCode(secret, 1));
    expect(finished.statusCode).toBe(200);
    expect(finished.json().status).toBe('authenticated');

    // A new run: 5 from the stranger lock temporarily, 3 wrong codes on an open challenge reach 8.
    const second = (await auth.signIn(victim.email, PASSWORD)).json().mfa.challengeToken as string;
    for (let attempt = 1; attempt <= 5; attempt += 1) await auth.signIn(victim.email, WRONG, stranger);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect((await verify(second, '000000')).json().code).toBe('MFA_CODE_INVALID');
    }
    const stopped = await verify(second, await totpCode(secret, 1));
    expect([stopped.statusCode, stopped.json().code, stopped.json().lockedUntil]).toEqual([
      423,
      'ACCOUNT_LOCKED',
      null,
    ]);
  });

  it('hands out a token when trusting from the device list; untrusting ends it', async () => {
    const email = uniqueEmail('device-list');
    const { accessToken } = await auth.signUpAndIn(email, PASSWORD);
    const [device] = (await auth.call('GET', '/api/v1/devices', { bearer: accessToken })).json().items;
    const trusted = await auth.call('POST', `/api/v1/devices/${device.id}/trust`, { bearer: accessToken });
    expect(trusted.statusCode).toBe(200);
    const { deviceToken } = trusted.json();
    expect(trusted.json()).toMatchObject({
      id: device.id,
      status: 'TRUSTED',
      deviceToken: expect.any(String),
    });
    expect(String(trusted.headers['set-cookie'])).toContain(`orion_device=${deviceToken}`);
    expect(
      (await auth.query('SELECT 1 FROM devices WHERE trust_token_hash = $1', [sha256(deviceToken)])).length,
    ).toBe(1);

    // Trusting again replaces the token.
    const again = await auth.call('POST', `/api/v1/devices/${device.id}/trust`, { bearer: accessToken });
    expect(again.json().deviceToken).not.toBe(deviceToken);
    expect(
      await auth.query('SELECT 1 FROM devices WHERE trust_token_hash = $1', [sha256(deviceToken)]),
    ).toEqual([]);

    await auth.call('POST', `/api/v1/devices/${device.id}/untrust`, { bearer: accessToken });
    const [row] = await auth.query<{ trust_token_hash: string | null }>(
      'SELECT trust_token_hash FROM devices WHERE id = $1',
      [device.id],
    );
    expect(row.trust_token_hash).toBeNull();
  });
});
