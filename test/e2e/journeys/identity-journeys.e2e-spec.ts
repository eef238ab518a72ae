import { totpCodeAt } from '../../../apps/auth/src/two-factor/totp-codes';
import { Platform, queryDatabase, startPlatform } from '../harness';
import {
  api,
  clientAddress,
  eventually,
  expectStatus,
  mailTo,
  tokenFromLink,
  uniqueAddress,
} from './journey-client';

const PASSWORD = 'a-lighthouse-keeper-reads-at-dawn';
const NEW_PASSWORD = 'the-tide-brings-back-every-shell';

/** The code an authenticator app shows `steps` periods from now. */
const totp = (secret: string, steps = 0) => totpCodeAt(secret, Math.floor(Date.now() / 1000) + steps * 30);

describe('journeys of an account holder across the three services', () => {
  let platform: Platform;
  /** Where each person connects from. */
  const addresses = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    platform = await startPlatform({
      seed: true,
      logLevel: 'warn',
      serviceEnv: {
        // A rotated refresh token presented again is reuse at once, not a concurrent retry.
        auth: {
          REFRESH_REUSE_GRACE_S: '0',
          PASSWORD_RESET_URL: 'http://app.orion.test/reset-password',
          TRUST_PROXY: '127.0.0.1',
        },
        notification: { NOTIFICATION_APP_URL: 'http://app.orion.test' },
      },
    });
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  /** Signs up, confirms the address from the e-mail and signs in on one device. */
  async function verifiedAccount(label: string, device = 'laptop-0001') {
    const email = uniqueAddress(label);
    addresses.set(email, clientAddress());
    const signUp = await api(platform.auth, 'POST', '/auth/sign-up', {
      body: { email, password: PASSWORD },
      headers: addresses.get(email),
    });
    expectStatus(signUp, 202);
    const verification = await mailTo(platform.smtp, email, /Confirm your e-mail address/);
    const verified = await api(platform.user, 'POST', '/email-verification/verify', {
      body: { token: tokenFromLink(verification) },
    });
    expectStatus(verified, 200);
    const tokens = await signIn(email, device);
    return { email, tokens };
  }

  async function signIn(email: string, device: string, password = PASSWORD) {
    const answer = await api(platform.auth, 'POST', '/auth/sign-in', {
      body: { email, password },
      headers: { 'x-device-id': device, ...addresses.get(email) },
    });
    expectStatus(answer, 200);
    return answer.body;
  }

  it('1. signs up, gets the welcome and verification e-mails, verifies, signs in and reads the profile', async () => {
    const email = uniqueAddress('journey-one');
    addresses.set(email, clientAddress());
    const signUp = await api(platform.auth, 'POST', '/auth/sign-up', {
      body: { email, password: PASSWORD },
      headers: addresses.get(email),
    });
    expectStatus(signUp, 202);

    const welcome = await mailTo(platform.smtp, email, /Welcome to Orion/);
    expect(welcome.html).toContain('<');
    const verification = await mailTo(platform.smtp, email, /Confirm your e-mail address/);
    const token = tokenFromLink(verification);
    expectStatus(await api(platform.user, 'POST', '/email-verification/verify', { body: { token } }), 200);

    const tokens = await signIn(email, 'laptop-0001');
    expect(tokens.status).toBe('authenticated');
    const profile = await api(platform.user, 'GET', '/users/me', { bearer: tokens.accessToken });
    expectStatus(profile, 200);
    expect(profile.body).toMatchObject({ email, status: 'ACTIVE' });
    expect(profile.body.emailVerifiedAt).toEqual(expect.any(String));
  });

  it('2. is alerted to a new device, enables TOTP, signs in with a code, and uses a backup code only once', async () => {
    const { email, tokens } = await verifiedAccount('journey-two');
    await signIn(email, 'phone-0007');
    const alert = await mailTo(platform.smtp, email, /New sign-in to your Orion account/);
    expect(alert.text).toBeDefined();

    const enrolment = await api(platform.auth, 'POST', '/two-factor/totp', {
      bearer: tokens.accessToken,
      body: {},
    });
    expectStatus(enrolment, 201);
    const { secret } = enrolment.body;
    const confirmed = await api(platform.auth, 'POST', '/two-factor/totp/confirm', {
      bearer: tokens.accessToken,
      body: { code: await totp(secret) },
    });
    expectStatus(confirmed, 200);
    const backupCodes: string[] = confirmed.body.backupCodes;
    expect(backupCodes.length).toBeGreaterThanOrEqual(8);

    const challenged = await signIn(email, 'laptop-0001');
    expect(challenged.status).toBe('mfa_required');
    // The confirmation used this period's code; the next period's is within the allowed drift.
    const withCode = await api(platform.auth, 'POST', '/auth/mfa/verify', {
      body: { challengeToken: challenged.mfa.challengeToken, method: 'totp', code: await totp(secret, 1) },
    });
    expectStatus(withCode, 200);
    expect(withCode.body.accessToken).toEqual(expect.any(String));

    const backup = backupCodes[0]!;
    const first = await signIn(email, 'laptop-0001');
    const withBackup = await api(platform.auth, 'POST', '/auth/mfa/verify', {
      body: { challengeToken: first.mfa.challengeToken, method: 'backup_code', code: backup },
    });
    expectStatus(withBackup, 200);
    const again = await signIn(email, 'laptop-0001');
    const reused = await api(platform.auth, 'POST', '/auth/mfa/verify', {
      body: { challengeToken: again.mfa.challengeToken, method: 'backup_code', code: backup },
    });
    expect([reused.status, reused.body.code]).toEqual([401, 'MFA_CODE_INVALID']);
    expect(reused.body.accessToken).toBeUndefined();
  });

  it('3. reusing an old refresh token revokes the family and the alert e-mail arrives', async () => {
    const { email, tokens } = await verifiedAccount('journey-three');
    const rotated = await api(platform.auth, 'POST', '/auth/token/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expectStatus(rotated, 200);

    const replay = await api(platform.auth, 'POST', '/auth/token/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expect([replay.status, replay.body.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    const successor = await api(platform.auth, 'POST', '/auth/token/refresh', {
      body: { refreshToken: rotated.body.refreshToken },
    });
    expect(successor.status).toBe(401);
    await mailTo(platform.smtp, email, /We signed you out to protect your Orion account/);
    await eventually(async () => {
      const profile = await api(platform.user, 'GET', '/users/me', { bearer: rotated.body.accessToken });
      return profile.status === 401 ? true : undefined;
    }, 'the revoked access token to be refused by the user service');
  });

  it('4. resets the password from the e-mailed link and finds the old sessions ended', async () => {
    const { email, tokens } = await verifiedAccount('journey-four');
    const other = await signIn(email, 'laptop-0001');

    const request = await api(platform.auth, 'POST', '/auth/password-reset', {
      body: { email },
      headers: addresses.get(email),
    });
    expectStatus(request, 202);
    const mail = await mailTo(platform.smtp, email, /Reset your Orion password/);
    const confirm = await api(platform.auth, 'POST', '/auth/password-reset/confirm', {
      body: { token: tokenFromLink(mail), password: NEW_PASSWORD },
    });
    expect(confirm.status).toBe(204);

    for (const session of [tokens, other]) {
      const refresh = await api(platform.auth, 'POST', '/auth/token/refresh', {
        body: { refreshToken: session.refreshToken },
      });
      expect(refresh.status).toBe(401);
    }
    await eventually(async () => {
      const profile = await api(platform.user, 'GET', '/users/me', { bearer: tokens.accessToken });
      return profile.status === 401 ? true : undefined;
    }, 'the old access token to be refused');
    const oldPassword = await api(platform.auth, 'POST', '/auth/sign-in', {
      body: { email, password: PASSWORD },
    });
    expect(oldPassword.status).toBe(401);
    expect((await signIn(email, 'laptop-0001', NEW_PASSWORD)).status).toBe('authenticated');
    await mailTo(platform.smtp, email, /Your Orion password was changed/);
  });

  it('5. changes the password while signed in: the other device is signed out, this one stays, the alert arrives', async () => {
    const { email, tokens } = await verifiedAccount('journey-five');
    const other = await signIn(email, 'phone-0005');
    const changed = await api(platform.auth, 'POST', '/auth/password', {
      bearer: tokens.accessToken,
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      headers: addresses.get(email),
    });
    expect(changed.status).toBe(204);
    const otherRefresh = await api(platform.auth, 'POST', '/auth/token/refresh', {
      body: { refreshToken: other.refreshToken },
    });
    expect(otherRefresh.status).toBe(401);
    const ownRefresh = await api(platform.auth, 'POST', '/auth/token/refresh', {
      body: { refreshToken: tokens.refreshToken },
    });
    expectStatus(ownRefresh, 200);
    await mailTo(platform.smtp, email, /Your Orion password was changed/);
  });

  it('6. a change of address is announced to the previous address, whose link undoes it and signs everyone out', async () => {
    const { email, tokens } = await verifiedAccount('journey-six');
    const newAddress = uniqueAddress('journey-six-new');
    // The sign-up's verification link went out moments ago: the next one may follow a minute later.
    await queryDatabase(
      platform.user.database.url,
      "UPDATE email_verifications SET created_at = created_at - interval '2 minutes' WHERE email = $1",
      [email],
    );
    const requested = await api(platform.user, 'PATCH', '/users/me/email', {
      bearer: tokens.accessToken,
      body: { email: newAddress },
    });
    expectStatus(requested, 202);
    const confirmation = await mailTo(platform.smtp, newAddress, /Confirm your e-mail address/);
    expectStatus(
      await api(platform.user, 'POST', '/email-verification/verify', {
        body: { token: tokenFromLink(confirmation) },
      }),
      200,
    );
    const notice = await mailTo(platform.smtp, email, /The e-mail address of your Orion account was changed/);
    expect(notice.text).toContain('undo-email-change?token=');
    const undone = await api(platform.user, 'POST', '/email-change/undo', {
      body: { token: tokenFromLink(notice) },
    });
    expectStatus(undone, 200);
    expect(undone.body.email).toBe(email);
    await eventually(async () => {
      const refresh = await api(platform.auth, 'POST', '/auth/token/refresh', {
        body: { refreshToken: tokens.refreshToken },
      });
      return refresh.status === 401 ? true : undefined;
    }, 'the session to end');
  });
});
