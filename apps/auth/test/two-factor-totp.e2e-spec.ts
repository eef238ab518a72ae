import { AuthServiceUnderTest } from './support/auth-service';
import {
  enableTotp,
  newSignedInUser,
  PASSWORD,
  signInExpectingChallenge,
  totpCode,
  TWO_FACTOR_ENV,
} from './support/two-factor';

describe('authenticator app (TOTP), backup codes and the sign-in challenge', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start(TWO_FACTOR_ENV);
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('enrols an app: URI, QR code and secret once, stored encrypted, active after the first code', async () => {
    const user = await newSignedInUser(auth, 'totp');
    const enrolment = await auth.call('POST', '/api/v1/two-factor/totp', {
      bearer: user.accessToken,
      body: { label: 'Phone' },
    });
    expect(enrolment.statusCode).toBe(201);
    const { secret, otpauthUri, qrCodeDataUrl } = enrolment.json();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(otpauthUri).toBe(
      `otpauth://totp/Orion:${encodeURIComponent(user.email)}?secret=${secret}&issuer=Orion`,
    );
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);

    const [row] = await auth.query<{ secret_encrypted: string; verified_at: Date | null }>(
      "SELECT secret_encrypted, verified_at FROM two_factor_auth WHERE user_id = $1 AND method = 'TOTP'",
      [user.userId],
    );
    expect(row.verified_at).toBeNull();
    expect(row.secret_encrypted).not.toContain(secret);
    // Not active yet: sign-in does not ask for it.
    expect((await auth.call('GET', '/api/v1/two-factor', { bearer: user.accessToken })).json()).toMatchObject(
      {
        enabled: false,
        methods: [],
      },
    );

    const wrong = await auth.call('POST', '/api/v1/two-factor/totp/confirm', {
      bearer: user.accessToken,
      body: { code: (Number(await totpCode(secret)) + 1).toString().padStart(6, '0').slice(-6) },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('TWO_FACTOR_CODE_INVALID');

    const confirmed = await auth.call('POST', '/api/v1/two-factor/totp/confirm', {
      bearer: user.accessToken,
      body: { code: await totpCode(secret) },
    });
    expect(confirmed.statusCode).toBe(200);
    const { backupCodes } = confirmed.json();
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);

    const overview = await auth.call('GET', '/api/v1/two-factor', { bearer: user.accessToken });
    expect(overview.json()).toEqual({
      enabled: true,
      methods: ['totp', 'backup_code'],
      backupCodesLeft: 10,
      factors: [
        {
          id: expect.any(String),
          method: 'totp',
          label: 'Phone',
          enabledAt: expect.any(String),
          lastUsedAt: expect.any(String),
        },
      ],
    });
    expect(overview.body).not.toContain(secret);

    // Backup codes are stored as keyed hashes only.
    const hashes = await auth.query<{ code_hash: string }>(
      'SELECT code_hash FROM two_factor_backup_codes WHERE user_id = $1',
      [user.userId],
    );
    expect(hashes).toHaveLength(10);
    for (const { code_hash } of hashes) {
      expect(code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(backupCodes.map((code: string) => code.replace('-', ''))).not.toContain(code_hash);
    }

    // The change is a security event and an event for the owner.
    const events = await auth.query<{ type: string; metadata: { method: string } }>(
      'SELECT type, metadata FROM security_events WHERE user_id = $1 AND type LIKE $2',
      [user.userId, 'two_factor.%'],
    );
    expect(events).toEqual([
      { type: 'two_factor.enabled', metadata: expect.objectContaining({ method: 'totp' }) },
    ]);
    const [announced] = await auth.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM outbox_events WHERE name = 'auth.two-factor-changed.v1' AND payload->>'userId' = $1",
      [user.userId],
    );
    expect(announced.payload).toMatchObject({
      change: 'enabled',
      method: 'totp',
      methods: ['totp', 'backup_code'],
    });
  });

  it('accepts a code once: the same code again, even in the same step, is refused', async () => {
    const user = await newSignedInUser(auth, 'replay');
    const { secret } = await enableTotp(auth, user);
    // The confirmation used the current step; the next step's code is within the drift window.
    const next = await totpCode(secret, 1);
    const { challengeToken } = await signInExpectingChallenge(auth, user.email);
    const first = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken, method: 'totp', code: next },
    });
    expect(first.statusCode).toBe(200);

    const again = await signInExpectingChallenge(auth, user.email);
    const replayed = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: again.challengeToken, method: 'totp', code: next },
    });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json()).toMatchObject({ code: 'MFA_CODE_INVALID', attemptsLeft: 2 });

    // Two steps ahead is outside the ±1 window.
    const farAhead = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: again.challengeToken, method: 'totp', code: await totpCode(secret, 3) },
    });
    expect(farAhead.statusCode).toBe(401);
  });

  it('signs in with a second factor: mfa_required, then the TOTP code gives the tokens', async () => {
    const user = await newSignedInUser(auth, 'signin');
    const { secret } = await enableTotp(auth, user);
    const challenge = await signInExpectingChallenge(auth, user.email);
    expect(challenge.methods).toEqual(['totp', 'backup_code']);
    expect(challenge.challengeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only a hash of the challenge token is a Redis key.
    expect(await auth.redis.exists(`orion:auth:mfa-challenge:${challenge.challengeToken}`)).toBe(0);

    const verified = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: challenge.challengeToken, method: 'totp', code: await totpCode(secret, 1) },
    });
    expect(verified.statusCode).toBe(200);
    const pair = verified.json();
    expect(pair).toMatchObject({
      status: 'authenticated',
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      sessionId: expect.any(String),
    });
    const session = await auth.call('GET', '/api/v1/auth/session', { bearer: pair.accessToken });
    expect(session.json().userId).toBe(user.userId);

    // The challenge is single use.
    const reused = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: challenge.challengeToken, method: 'totp', code: await totpCode(secret, 0) },
    });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('MFA_CHALLENGE_INVALID');
    const [attempt] = await auth.query<{ metadata: { secondFactor?: string } }>(
      "SELECT metadata FROM login_attempts WHERE user_id = $1 AND status = 'SUCCESS' ORDER BY created_at DESC LIMIT 1",
      [user.userId],
    );
    expect(attempt.metadata.secondFactor).toBe('totp');
  });

  it('lets a backup code sign in once; the second use is refused; using one is recorded', async () => {
    const user = await newSignedInUser(auth, 'backup');
    const { backupCodes } = await enableTotp(auth, user);
    const code = backupCodes[0].toUpperCase(); // typed in capitals: still the same code

    const first = await signInExpectingChallenge(auth, user.email);
    const used = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: first.challengeToken, method: 'backup_code', code },
    });
    expect(used.statusCode).toBe(200);

    const second = await signInExpectingChallenge(auth, user.email);
    const again = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: second.challengeToken, method: 'backup_code', code: backupCodes[0] },
    });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('MFA_CODE_INVALID');

    const overview = await auth.call('GET', '/api/v1/two-factor', { bearer: user.accessToken });
    expect(overview.json().backupCodesLeft).toBe(9);
    const [event] = await auth.query<{ severity: string; metadata: { backupCodesLeft: number } }>(
      "SELECT severity, metadata FROM security_events WHERE user_id = $1 AND type = 'two_factor.backup_code_used'",
      [user.userId],
    );
    expect(event).toMatchObject({
      severity: 'warning',
      metadata: expect.objectContaining({ backupCodesLeft: 9 }),
    });
    const [announced] = await auth.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM outbox_events WHERE name = 'auth.two-factor-changed.v1'
          AND payload->>'userId' = $1 AND payload->>'change' = 'backup_code_used'`,
      [user.userId],
    );
    expect(announced.payload).toMatchObject({ method: 'backup_code', backupCodesLeft: 9 });

    // Regenerating replaces the whole set: old codes stop working.
    const regenerated = await auth.call('POST', '/api/v1/two-factor/backup-codes', {
      bearer: user.accessToken,
    });
    expect(regenerated.statusCode).toBe(200);
    expect(regenerated.json().codes).toHaveLength(10);
    const third = await signInExpectingChallenge(auth, user.email);
    const old = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: third.challengeToken, method: 'backup_code', code: backupCodes[1] },
    });
    expect(old.statusCode).toBe(401);
  });

  it('kills the challenge when the wrong answers use up its attempts', async () => {
    const user = await newSignedInUser(auth, 'exhaust');
    const { secret } = await enableTotp(auth, user);
    const { challengeToken } = await signInExpectingChallenge(auth, user.email);
    const wrong = { challengeToken, method: 'totp', code: '000000' };
    const answers = [];
    for (let i = 0; i < 3; i += 1)
      answers.push(await auth.call('POST', '/api/v1/auth/mfa/verify', { body: wrong }));
    expect(
      answers.map((answer) => [answer.statusCode, answer.json().code, answer.json().attemptsLeft]),
    ).toEqual([
      [401, 'MFA_CODE_INVALID', 2],
      [401, 'MFA_CODE_INVALID', 1],
      [401, 'MFA_CHALLENGE_INVALID', undefined],
    ]);
    // Even the right code cannot revive it.
    const right = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken, method: 'totp', code: await totpCode(secret, 1) },
    });
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('MFA_CHALLENGE_INVALID');
    // A used-up challenge counts as a failed sign-in of the account (lockout across challenges).
    const [lockout] = await auth.query<{ consecutive_failures: number }>(
      'SELECT consecutive_failures FROM sign_in_lockouts WHERE identifier = $1',
      [user.email],
    );
    expect(lockout.consecutive_failures).toBe(1);
    const failed = await auth.query<{ failure_reason: string; metadata: { secondFactor: string } }>(
      "SELECT failure_reason, metadata FROM login_attempts WHERE user_id = $1 AND status = 'FAILED'",
      [user.userId],
    );
    expect(failed).toHaveLength(3);
    expect(failed[0]).toMatchObject({
      failure_reason: 'second_factor_invalid',
      metadata: { secondFactor: 'totp' },
    });
  });

  it('refuses a method the user does not have and malformed answers with problem documents', async () => {
    const user = await newSignedInUser(auth, 'method');
    await enableTotp(auth, user);
    const { challengeToken } = await signInExpectingChallenge(auth, user.email);
    const sms = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken, method: 'sms', code: '123456' },
    });
    expect(sms.statusCode).toBe(422);
    expect(sms.json().code).toBe('MFA_METHOD_NOT_ALLOWED');
    const malformed = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: 'short', method: 'carrier-pigeon' },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
  });

  it('stops accepting codes at confirm and disable after too many wrong ones (429)', async () => {
    const user = await newSignedInUser(auth, 'guess');
    const { secret } = await enableTotp(auth, user);
    const disable = async (code: string) =>
      (
        await auth.call('POST', '/api/v1/two-factor/totp/disable', {
          bearer: user.accessToken,
          body: { code },
        })
      ).statusCode;
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push(await disable('000000'));
    statuses.push(await disable(await totpCode(secret, 1)));
    expect(statuses).toEqual([422, 422, 422, 429]);
    expect((await auth.call('GET', '/api/v1/two-factor', { bearer: user.accessToken })).json().enabled).toBe(
      true,
    );
  });

  it('disables the app only with a current code; without factors sign-in needs none', async () => {
    const user = await newSignedInUser(auth, 'disable');
    const { secret } = await enableTotp(auth, user);
    const refused = await auth.call('POST', '/api/v1/two-factor/totp/disable', {
      bearer: user.accessToken,
      body: { code: '000000' },
    });
    expect(refused.statusCode).toBe(422);
    const disabled = await auth.call('POST', '/api/v1/two-factor/totp/disable', {
      bearer: user.accessToken,
      body: { code: await totpCode(secret, 1) },
    });
    expect(disabled.statusCode).toBe(204);
    expect((await auth.call('GET', '/api/v1/two-factor', { bearer: user.accessToken })).json()).toMatchObject(
      {
        enabled: false,
        backupCodesLeft: 0,
      },
    );
    const signIn = await auth.call('POST', '/api/v1/auth/sign-in', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().status).toBe('authenticated');
    const [event] = await auth.query<{ severity: string }>(
      "SELECT severity FROM security_events WHERE user_id = $1 AND type = 'two_factor.disabled'",
      [user.userId],
    );
    expect(event.severity).toBe('warning');
  });
});
