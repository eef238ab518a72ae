import { eventually, openSealedForTest } from '@orion/testing';
import { PASSWORD_RESET_REQUESTED, USER_EMAIL_VERIFICATION_REQUESTED } from '@orion/contracts';
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'squatter-keeps-the-keys-42';

/**
 * Pre-account takeover: someone registers the victim's address before the victim does, and
 * prepares ways back in (an identity provider, a second factor, a trusted device, an API key, a
 * live session) for when the real owner verifies the address or resets the password.
 */
describe('pre-account takeover', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start();
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const userIdOf = async (email: string) =>
    (await auth.users.query<{ id: string }>('SELECT id FROM users WHERE email_normalized = $1', [email]))[0]!
      .id;

  /** The token of the newest verification link sent to the user, as the notification service receives it. */
  const verificationToken = async (userId: string) => {
    const rows = await auth.users.query<{ payload: { token: string } }>(
      `SELECT payload FROM outbox_events WHERE name = 'user.email-verification-requested.v1'
          AND payload->>'userId' = $1 ORDER BY occurred_at DESC LIMIT 1`,
      [userId],
    );
    return openSealedForTest(
      'notification',
      USER_EMAIL_VERIFICATION_REQUESTED,
      'token',
      rows[0]!.payload.token,
    );
  };

  it('lets an unverified account only verify, read its profile, refresh and sign out', async () => {
    const victim = uniqueEmail('victim');
    const attacker = await auth.signUpUnverifiedAndIn(victim, PASSWORD);
    expect(decodeJwt(attacker.accessToken).email_verified).toBe(false);
    const bearer = attacker.accessToken;

    const refused = [
      await auth.call('POST', '/api/v1/two-factor/totp', { bearer, body: {} }),
      await auth.call('POST', '/api/v1/two-factor/email', { bearer, body: {} }),
      await auth.call('POST', '/api/v1/two-factor/sms', { bearer, body: { phoneNumber: '+14155550100' } }),
      await auth.call('POST', '/api/v1/two-factor/webauthn/registration/options', { bearer, body: {} }),
      await auth.call('POST', '/api/v1/auth/social/any-provider/link', { bearer, body: {} }),
      await auth.call('GET', '/api/v1/devices', { bearer }),
      await auth.call('POST', `/api/v1/devices/${randomUUID()}/trust`, { bearer, body: {} }),
    ];
    for (const response of refused) {
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('EMAIL_VERIFICATION_REQUIRED');
    }

    expect((await auth.call('GET', '/api/v1/auth/session', { bearer })).statusCode).toBe(200);
    const refreshed = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: attacker.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
    // Still unverified: the new token is just as restricted.
    expect(decodeJwt(refreshed.json().accessToken).email_verified).toBe(false);
    const twoFactor = await auth.call('POST', '/api/v1/two-factor/totp', {
      bearer: refreshed.json().accessToken,
      body: {},
    });
    expect(twoFactor.json().code).toBe('EMAIL_VERIFICATION_REQUIRED');
    expect(
      await auth.query('SELECT 1 FROM two_factor_auth WHERE user_id = $1', [await userIdOf(victim)]),
    ).toEqual([]);

    const signedOut = await auth.call('POST', '/api/v1/auth/sign-out/all', {
      bearer: refreshed.json().accessToken,
    });
    expect(signedOut.statusCode).toBe(204);
  });

  it('drops the restriction at the next refresh once the address is verified', async () => {
    const email = uniqueEmail('late-verifier');
    const pair = await auth.signUpUnverifiedAndIn(email, PASSWORD);
    await auth.users.markEmailVerified(email);
    const refreshed = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: pair.refreshToken },
    });
    expect(decodeJwt(refreshed.json().accessToken).email_verified).toBe(true);
    const enrolment = await auth.call('POST', '/api/v1/two-factor/totp', {
      bearer: refreshed.json().accessToken,
      body: {},
    });
    expect(enrolment.statusCode).toBe(201);
  });

  it('removes everything the squatter left once the owner verifies, and says so', async () => {
    const victim = uniqueEmail('owner');
    const attacker = await auth.signUpUnverifiedAndIn(victim, PASSWORD);
    const userId = await userIdOf(victim);
    // What an account could gain before unverified accounts were restricted, left in place.
    await auth.query(
      `INSERT INTO oauth_providers (user_id, provider, provider_user_id, updated_at)
       VALUES ($1, 'squatter-idp', 'attacker-subject', now())`,
      [userId],
    );
    await auth.query(
      `INSERT INTO two_factor_auth (user_id, method, secret_encrypted, verified_at, updated_at)
       VALUES ($1, 'TOTP', 'sealed', now(), now())`,
      [userId],
    );
    await auth.query(
      `UPDATE devices SET status = 'TRUSTED', trusted_until = now() + interval '30 days' WHERE user_id = $1`,
      [userId],
    );
    await auth.users.query(
      `INSERT INTO api_keys (user_id, name, key_prefix, key_hash, scopes, updated_at)
       VALUES ($1, 'squatter', 'orn_0000000000', $2, '{}', now())`,
      [userId, randomUUID()],
    );
    expect((await auth.query('SELECT 1 FROM devices WHERE user_id = $1', [userId])).length).toBe(1);

    const verified = await auth.users.call('POST', '/api/v1/email-verification/verify', {
      body: { token: await verificationToken(userId) },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().removedBeforeVerification).toEqual({
      apiKeys: 1,
      sessions: 1,
      alsoRemoving: ['identity_provider_links', 'second_factors', 'trusted_devices', 'sign_ins'],
    });

    await eventually(
      async () =>
        (await auth.query('SELECT 1 FROM oauth_providers WHERE user_id = $1', [userId])).length === 0,
      'the identity-provider link to go',
    );
    expect(await auth.query('SELECT 1 FROM two_factor_auth WHERE user_id = $1', [userId])).toEqual([]);
    expect(
      await auth.query(
        "SELECT 1 FROM devices WHERE user_id = $1 AND (status = 'TRUSTED' OR trusted_until IS NOT NULL)",
        [userId],
      ),
    ).toEqual([]);
    expect(
      await auth.users.query('SELECT 1 FROM api_keys WHERE user_id = $1 AND deleted_at IS NULL', [userId]),
    ).toEqual([]);
    // The squatter's sign-in is over: neither its access token nor its refresh token works.
    expect(
      (await auth.call('GET', '/api/v1/auth/session', { bearer: attacker.accessToken })).statusCode,
    ).toBe(401);
    const refresh = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: attacker.refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    const [event] = await auth.query<{ metadata: Record<string, unknown> }>(
      "SELECT metadata FROM security_events WHERE user_id = $1 AND type = 'account.pre_verification_access_removed'",
      [userId],
    );
    expect(event!.metadata).toEqual({
      identityProviders: ['squatter-idp'],
      secondFactors: ['totp'],
      trustedDevices: 1,
    });
  });

  it('keeps the sign-in the owner makes right after verifying, however late the clean-up runs', async () => {
    const email = uniqueEmail('prompt-owner');
    await auth.signUpUnverifiedAndIn(email, PASSWORD);
    const userId = await userIdOf(email);
    const verified = await auth.users.call('POST', '/api/v1/email-verification/verify', {
      body: { token: await verificationToken(userId) },
    });
    expect(verified.statusCode).toBe(200);
    const signIn = await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } });
    const owner = signIn.json();
    await eventually(
      async () =>
        (
          await auth.query(
            "SELECT 1 FROM security_events WHERE user_id = $1 AND type = 'account.pre_verification_access_removed'",
            [userId],
          )
        ).length === 1,
      'the clean-up to run',
    );
    const session = await auth.call('GET', '/api/v1/auth/session', { bearer: owner.accessToken });
    expect(session.statusCode).toBe(200);
    const enrolment = await auth.call('POST', '/api/v1/two-factor/totp', {
      bearer: owner.accessToken,
      body: {},
    });
    expect(enrolment.statusCode).toBe(201);
    const refreshed = await auth.call('POST', '/api/v1/auth/token/refresh', {
      body: { refreshToken: owner.refreshToken },
    });
    expect(refreshed.statusCode).toBe(200);
  });

  it('treats a completed password reset of an unverified account as its first verification', async () => {
    const victim = uniqueEmail('resetter');
    const attacker = await auth.signUpUnverifiedAndIn(victim, PASSWORD);
    const userId = await userIdOf(victim);
    await auth.query(
      `INSERT INTO oauth_providers (user_id, provider, provider_user_id, updated_at)
       VALUES ($1, 'squatter-idp', $2, now())`,
      [userId, randomUUID()],
    );
    expect(
      (await auth.call('POST', '/api/v1/auth/password-reset', { body: { email: victim } })).statusCode,
    ).toBe(202);
    const [row] = await auth.query<{ payload: { resetUrl: string } }>(
      `SELECT payload FROM outbox_events WHERE name = 'auth.password-reset-requested.v1'
          AND payload->>'userId' = $1`,
      [userId],
    );
    const resetUrl = openSealedForTest(
      'notification',
      PASSWORD_RESET_REQUESTED,
      'resetUrl',
      row!.payload.resetUrl,
    );
    const token = new URL(resetUrl).searchParams.get('token');
    const confirmed = await auth.call('POST', '/api/v1/auth/password-reset/confirm', {
      body: { token, password: 'the-owner-takes-it-back-7' },
    });
    expect(confirmed.statusCode).toBe(204);

    await eventually(
      async () =>
        (await auth.query('SELECT 1 FROM oauth_providers WHERE user_id = $1', [userId])).length === 0,
      'the identity-provider link to go',
    );
    const [user] = await auth.users.query<{ status: string; email_verified_at: Date | null }>(
      'SELECT status, email_verified_at FROM users WHERE id = $1',
      [userId],
    );
    expect(user).toMatchObject({ status: 'ACTIVE' });
    expect(user!.email_verified_at).not.toBeNull();
    expect(
      (await auth.call('GET', '/api/v1/auth/session', { bearer: attacker.accessToken })).statusCode,
    ).toBe(401);
  });
});
