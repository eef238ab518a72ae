import { randomUUID } from 'node:crypto';
import { KeyedHash } from '../src/two-factor/keyed-hash';
import { AuthServiceUnderTest } from './support/auth-service';
import {
  enableTotp,
  newSignedInUser,
  signInExpectingChallenge,
  totpCode,
  TWO_FACTOR_ENV,
} from './support/two-factor';

describe('the sign-in challenge: answered with TOTP or a backup code, single use, attempt-limited', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start(TWO_FACTOR_ENV);
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('signs in with a second factor: mfa_required, then the TOTP code gives the tokens', async () => {
    const user = await newSignedInUser(auth, 'signin');
    const { secret } = await enableTotp(auth, user);
    const challenge = await signInExpectingChallenge(auth, user.email);
    expect(challenge.methods).toEqual(['totp', 'backup_code']);
    expect(challenge.challengeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only a hash of the challenge token is a Redis key.
    expect(
      await auth.redis.exists(auth.namespace.key('auth', 'mfa-challenge', challenge.challengeToken)),
    ).toBe(0);

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
    // 24 symbols of Crockford base32 (120 bits) in groups of four.
    for (const issued of backupCodes)
      expect(issued).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
    // Typed in lower case with spaces instead of dashes: still the same code.
    const code = backupCodes[0].toLowerCase().replaceAll('-', ' ');

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

  it('keeps a backup code of the earlier ten-character format working, once', async () => {
    const user = await newSignedInUser(auth, 'legacy-backup');
    await enableTotp(auth, user);
    // A set issued before the longer format: lower-case canonical form under the same keyed hash.
    const legacy = 'k3mzq-7hx2p';
    const hash = new KeyedHash(auth.authConfig.keyEncryptionSecret, 'backup-codes');
    await auth.query('DELETE FROM two_factor_backup_codes WHERE user_id = $1', [user.userId]);
    const batch = randomUUID();
    for (const code of ['k3mzq7hx2p', 'r8d4twn6ya'])
      await auth.query(
        'INSERT INTO two_factor_backup_codes (user_id, batch_id, code_hash, updated_at) VALUES ($1, $2, $3, now())',
        [user.userId, batch, hash.digest(code)],
      );
    const first = await signInExpectingChallenge(auth, user.email);
    const used = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: first.challengeToken, method: 'backup_code', code: legacy.toUpperCase() },
    });
    expect(used.statusCode).toBe(200);
    const second = await signInExpectingChallenge(auth, user.email);
    const again = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: second.challengeToken, method: 'backup_code', code: legacy },
    });
    expect(again.json().code).toBe('MFA_CODE_INVALID');
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
    // Every wrong answer counts as a failed sign-in of the account (lockout across challenges).
    const [lockout] = await auth.query<{ consecutive_failures: number }>(
      'SELECT consecutive_failures FROM sign_in_lockouts WHERE identifier = $1',
      [user.email],
    );
    expect(lockout.consecutive_failures).toBe(3);
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
});
