import { AuthServiceUnderTest } from './support/auth-service';
import {
  enableTotp,
  newSignedInUser,
  PASSWORD,
  signInExpectingChallenge,
  totpCode,
  TWO_FACTOR_ENV,
} from './support/two-factor';

describe('authenticator app (TOTP): enrolment, replay protection, disabling', () => {
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
