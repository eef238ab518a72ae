import { randomUUID } from 'node:crypto';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';
import { agedSession, claimsOf } from './support/recent-authentication';
import {
  enableTotp,
  latestCodeSentTo,
  PASSWORD,
  SoftwareAuthenticator,
  totpCode,
  TWO_FACTOR_ENV,
} from './support/two-factor';

const HOUR_S = 3600;

describe('re-authentication before sensitive changes (auth_time, amr, POST /auth/step-up)', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start({ ...TWO_FACTOR_ENV, OIDC_PROVIDERS: '[]' });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const stepUp = (accessToken: string, body: Record<string, unknown>, ip = '198.51.100.23') =>
    auth.call('POST', '/api/v1/auth/step-up', {
      bearer: accessToken,
      body,
      headers: { 'x-forwarded-for': ip },
    });

  /** A user who signed in (and enabled an authenticator app) an hour ago. */
  async function hourOldSession(label: string) {
    const email = uniqueEmail(label);
    const first = await auth.signUpAndIn(email, PASSWORD);
    const userId = claimsOf(first.accessToken).sub;
    const { secret, backupCodes } = await enableTotp(auth, { email, userId, accessToken: first.accessToken });
    const old = await agedSession(auth, first.refreshToken, HOUR_S);
    return { email, userId, secret, backupCodes, ...old };
  }

  it('access tokens carry auth_time, amr and acr; a refresh keeps the sign-in’s, it does not renew them', async () => {
    const email = uniqueEmail('claims');
    const pair = await auth.signUpAndIn(email, PASSWORD);
    const claims = claimsOf(pair.accessToken);
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.acr).toBe('aal1');
    expect(Math.abs(claims.auth_time - Math.floor(Date.now() / 1000))).toBeLessThan(30);
    // As every service's guard reads them.
    const session = (await auth.call('GET', '/api/v1/auth/session', { bearer: pair.accessToken })).json();
    expect(session).toMatchObject({
      authenticatedAt: new Date(claims.auth_time * 1000).toISOString(),
      amr: ['pwd'],
    });

    const aged = await agedSession(auth, pair.refreshToken, HOUR_S);
    const agedClaims = claimsOf(aged.accessToken);
    expect(agedClaims.sid).toBe(claims.sid);
    expect(agedClaims.iat - agedClaims.auth_time).toBeGreaterThanOrEqual(HOUR_S - 5);
    expect(agedClaims.amr).toEqual(['pwd']);
    // And once more: the family, not the refresh, decides auth_time.
    const again = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: aged.refreshToken },
    });
    expect(claimsOf(again.json().accessToken).auth_time).toBe(agedClaims.auth_time);
  });

  it('a sign-in finished with a second factor says so: amr pwd+otp+mfa, acr aal2', async () => {
    const { email, secret } = await hourOldSession('mfa-claims');
    const challenge = await auth.call('POST', '/api/v1/auth/sign-in', {
      body: { email, password: PASSWORD },
    });
    expect(challenge.json().status).toBe('mfa_required');
    // The enrolment's code claimed the current step; the next one is accepted (±1 step).
    const verified = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: {
        challengeToken: challenge.json().mfa.challengeToken,
        method: 'totp',
        code: await totpCode(secret, 1),
      },
    });
    expect(verified.statusCode).toBe(200);
    const claims = claimsOf(verified.json().accessToken);
    expect([...claims.amr].sort()).toEqual(['mfa', 'otp', 'pwd']);
    expect(claims.acr).toBe('aal2');
  });

  it('a stolen token from an old sign-in changes no factor, device or linked identity: 401 REAUTHENTICATION_REQUIRED', async () => {
    const victim = await hourOldSession('stolen');
    const before = await auth.query<{ id: string }>(
      'SELECT id FROM two_factor_backup_codes WHERE user_id = $1 ORDER BY id',
      [victim.userId],
    );
    const sensitive: Array<[string, string, unknown?]> = [
      ['POST', '/api/v1/two-factor/backup-codes'],
      ['POST', '/api/v1/two-factor/totp', {}],
      ['POST', '/api/v1/two-factor/totp/disable', { code: await totpCode(victim.secret, 1) }],
      ['POST', '/api/v1/two-factor/sms', { phoneNumber: '+14155550123' }],
      ['DELETE', '/api/v1/two-factor/sms'],
      ['POST', '/api/v1/two-factor/email', {}],
      ['DELETE', '/api/v1/two-factor/email'],
      ['POST', '/api/v1/two-factor/webauthn/registration/options', {}],
      ['DELETE', `/api/v1/two-factor/webauthn/credentials/${randomUUID()}`],
      ['POST', `/api/v1/devices/${randomUUID()}/trust`, {}],
      ['POST', '/api/v1/auth/social/google/link', {}],
      ['DELETE', '/api/v1/auth/social/google'],
    ];
    for (const [method, url, body] of sensitive) {
      const response = await auth.call(method, url, { bearer: victim.accessToken, body });
      expect([url, response.statusCode, response.json().code]).toEqual([
        url,
        401,
        'REAUTHENTICATION_REQUIRED',
      ]);
      expect(response.json().maxAgeSeconds).toBe(300);
    }
    // Nothing changed: the same backup codes, the app still on.
    expect(
      await auth.query('SELECT id FROM two_factor_backup_codes WHERE user_id = $1 ORDER BY id', [
        victim.userId,
      ]),
    ).toEqual(before);
    const [totp] = await auth.query<{ verified_at: Date | null }>(
      "SELECT verified_at FROM two_factor_auth WHERE user_id = $1 AND method = 'TOTP'",
      [victim.userId],
    );
    expect(totp.verified_at).not.toBeNull();
    // Reading stays possible with the same token.
    expect((await auth.call('GET', '/api/v1/two-factor', { bearer: victim.accessToken })).statusCode).toBe(
      200,
    );
  });

  it('step-up with the password: a fresh token for the same session, a STEP_UP row (hash only), a security event; kept through refresh', async () => {
    const user = await hourOldSession('step-up');
    const response = await stepUp(user.accessToken, { method: 'password', password: PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const claims = claimsOf(body.accessToken);
    expect(claims.sid).toBe(user.sessionId);
    expect(claims.amr).toEqual(['pwd']);
    expect(body.sessionId).toBe(user.sessionId);
    expect(new Date(body.recentUntil).getTime() - new Date(body.authenticatedAt).getTime()).toBe(300_000);

    const regenerated = await auth.call('POST', '/api/v1/two-factor/backup-codes', {
      bearer: body.accessToken,
    });
    expect(regenerated.statusCode).toBe(200);
    expect(regenerated.json().codes).toHaveLength(10);

    const [row] = await auth.query<{
      token_hash: string;
      metadata: Record<string, unknown>;
      expires_at: Date;
    }>("SELECT token_hash, metadata, expires_at FROM auth_tokens WHERE type = 'STEP_UP' AND user_id = $1", [
      user.userId,
    ]);
    expect(row.metadata).toMatchObject({ sessionId: user.sessionId, factor: 'password', amr: ['pwd'] });
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(claims.jti);
    const events = await auth.query<{ type: string }>(
      "SELECT type FROM security_events WHERE user_id = $1 AND type = 'session.stepped_up'",
      [user.userId],
    );
    expect(events).toHaveLength(1);

    // The session keeps the new auth_time: the next refresh carries it on.
    const refreshed = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    expect(claimsOf(refreshed.json().accessToken).auth_time).toBe(claims.auth_time);
  });

  it('a wrong password at step-up is refused and counted like a failed sign-in (attempt, lockout count)', async () => {
    const user = await hourOldSession('step-up-wrong');
    const wrong = await stepUp(user.accessToken, { method: 'password', password: 'not-the-password-at-all' });
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const [attempt] = await auth.query<{ status: string; failure_reason: string }>(
      "SELECT status, failure_reason FROM login_attempts WHERE identifier = $1 AND status = 'FAILED'",
      [user.email.toLowerCase()],
    );
    expect(attempt).toEqual({ status: 'FAILED', failure_reason: 'invalid_credentials' });
    const [lockout] = await auth.query<{ consecutive_failures: number }>(
      'SELECT consecutive_failures FROM sign_in_lockouts WHERE identifier = $1',
      [user.email.toLowerCase()],
    );
    expect(lockout.consecutive_failures).toBe(1);
    // No fresh token came out of it.
    const still = await auth.call('POST', '/api/v1/two-factor/backup-codes', { bearer: user.accessToken });
    expect(still.json().code).toBe('REAUTHENTICATION_REQUIRED');
    expect(
      await auth.query("SELECT id FROM auth_tokens WHERE type = 'STEP_UP' AND user_id = $1", [user.userId]),
    ).toHaveLength(0);
  });

  it('step-up goes through the sign-in lockout: a locked address cannot step up even with the right password', async () => {
    const user = await hourOldSession('step-up-locked');
    await auth.query(
      `INSERT INTO sign_in_lockouts (identifier, user_id, consecutive_failures, lockouts, locked_until, updated_at)
       VALUES ($1, $2, 10, 1, now() + interval '15 minutes', now())
       ON CONFLICT (identifier) DO UPDATE SET locked_until = EXCLUDED.locked_until`,
      [user.email.toLowerCase(), user.userId],
    );
    const locked = await stepUp(user.accessToken, { method: 'password', password: PASSWORD });
    expect([locked.statusCode, locked.json().code]).toEqual([423, 'ACCOUNT_LOCKED']);
  });

  it('password step-ups count towards the sign-in limit of the account’s address (sign-in:identifier)', async () => {
    const user = await hourOldSession('step-up-limited');
    const [rule] = await auth.query<{ limit: number }>(
      `SELECT "limit" FROM rate_limits WHERE key = 'sign-in:identifier'`,
    );
    await auth.setRateLimit('sign-in:identifier', { limit: 2 });
    try {
      const answers: number[] = [];
      for (let i = 0; i < 3; i++) {
        answers.push(
          (await stepUp(user.accessToken, { method: 'password', password: `wrong-guess-${i}-x` })).statusCode,
        );
      }
      expect(answers).toEqual([401, 401, 429]);
      // The same budget as a sign-in with the address: guesses through either route add up.
      const signIn = await auth.call('POST', '/api/v1/auth/sign-in', {
        body: { email: user.email, password: PASSWORD },
      });
      expect(signIn.statusCode).toBe(429);
    } finally {
      await auth.setRateLimit('sign-in:identifier', { limit: rule.limit });
    }
  });

  it('step-up with a current TOTP code works once; the same code again is refused', async () => {
    const user = await hourOldSession('step-up-totp');
    const code = await totpCode(user.secret, 1);
    const first = await stepUp(user.accessToken, { method: 'totp', code });
    expect(first.statusCode).toBe(200);
    expect(claimsOf(first.json().accessToken).amr).toEqual(['otp']);
    const replay = await stepUp(user.accessToken, { method: 'totp', code });
    expect([replay.statusCode, replay.json().code]).toEqual([422, 'TWO_FACTOR_CODE_INVALID']);
  });

  it('a token whose session has ended cannot step up', async () => {
    const user = await hourOldSession('step-up-ended');
    await auth.call('POST', '/api/v1/auth/sign-out', { body: { refreshToken: user.refreshToken } });
    const response = await stepUp(user.accessToken, { method: 'password', password: PASSWORD });
    expect(response.statusCode).toBe(401);
  });

  /** A user who signed in an hour ago, without factors yet (they are added while the sign-in was fresh). */
  async function freshThenOld(label: string, enrol: (accessToken: string, userId: string) => Promise<void>) {
    const email = uniqueEmail(label);
    const first = await auth.signUpAndIn(email, PASSWORD);
    const userId = claimsOf(first.accessToken).sub;
    await enrol(first.accessToken, userId);
    return { email, userId, ...(await agedSession(auth, first.refreshToken, HOUR_S)) };
  }

  it('step-up with a security key: options, one assertion, amr hwk; the same challenge does not work twice', async () => {
    const key = new SoftwareAuthenticator();
    const user = await freshThenOld('step-up-key', async (accessToken) => {
      const options = await auth.call('POST', '/api/v1/two-factor/webauthn/registration/options', {
        bearer: accessToken,
      });
      const registered = await auth.call('POST', '/api/v1/two-factor/webauthn/registration/verify', {
        bearer: accessToken,
        body: { response: key.register(options.json()), label: 'Desk key' },
      });
      expect(registered.statusCode).toBe(201);
    });
    const options = await auth.call('POST', '/api/v1/auth/step-up/webauthn/options', {
      bearer: user.accessToken,
    });
    expect(options.statusCode).toBe(200);
    const credential = key.assert(options.json());
    const stepped = await stepUp(user.accessToken, { method: 'webauthn', credential });
    expect(stepped.statusCode).toBe(200);
    expect(claimsOf(stepped.json().accessToken).amr).toEqual(['hwk']);
    const again = await stepUp(user.accessToken, {
      method: 'webauthn',
      credential: key.assert(options.json()),
    });
    expect([again.statusCode, again.json().code]).toEqual([422, 'WEBAUTHN_VERIFICATION_FAILED']);
  });

  it('step-up with an SMS code: sent on request, single use, only for an enabled method', async () => {
    const user = await freshThenOld('step-up-sms', async (accessToken, userId) => {
      await auth.call('POST', '/api/v1/two-factor/sms', {
        bearer: accessToken,
        body: { phoneNumber: '+436641234567' },
      });
      const { oneTimeCode } = await latestCodeSentTo(auth, userId, 'sms');
      const confirmed = await auth.call('POST', '/api/v1/two-factor/sms/confirm', {
        bearer: accessToken,
        body: { code: oneTimeCode },
      });
      expect(confirmed.statusCode).toBe(200);
    });
    const notEnabled = await auth.call('POST', '/api/v1/auth/step-up/code', {
      bearer: user.accessToken,
      body: { method: 'email' },
    });
    expect([notEnabled.statusCode, notEnabled.json().code]).toEqual([404, 'TWO_FACTOR_NOT_FOUND']);
    const sent = await auth.call('POST', '/api/v1/auth/step-up/code', {
      bearer: user.accessToken,
      body: { method: 'sms' },
    });
    expect(sent.statusCode).toBe(202);
    const { oneTimeCode, destination } = await latestCodeSentTo(auth, user.userId, 'sms');
    expect(destination).toBe('+436641234567');
    const wrong = await stepUp(user.accessToken, {
      method: 'sms',
      code: oneTimeCode === '000000' ? '111111' : '000000',
    });
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'TWO_FACTOR_CODE_INVALID']);
    const stepped = await stepUp(user.accessToken, { method: 'sms', code: oneTimeCode });
    expect(stepped.statusCode).toBe(200);
    expect(claimsOf(stepped.json().accessToken).amr).toEqual(['sms', 'otp']);
    const replay = await stepUp(user.accessToken, { method: 'sms', code: oneTimeCode });
    expect([replay.statusCode, replay.json().code]).toEqual([422, 'TWO_FACTOR_CODE_INVALID']);
  });
});
