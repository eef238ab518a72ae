import { OrionClient, OrionSessionEndedError } from '@orion/client';
import { eventually, type SinkMail } from '@orion/testing';
import { totpCodeAt } from '../../../apps/auth/src/two-factor/totp-codes';
import { Platform, queryDatabase, startPlatform } from '../harness';
import {
  challengeOf,
  clientAddress,
  expectStatus,
  mailTo,
  orionClient,
  problemOf,
  sessionOf,
  tokenFromLink,
  uniqueAddress,
} from './journey-client';

const PASSWORD = 'a-lighthouse-keeper-reads-at-dawn';
const NEW_PASSWORD = 'the-tide-brings-back-every-shell';
const ME = '/api/v1/users/me';

/** The code an authenticator app shows `steps` periods from now. */
const totp = (secret: string, steps = 0) => totpCodeAt(secret, Math.floor(Date.now() / 1000) + steps * 30);

describe('journeys of an account holder across the three services', () => {
  let platform: Platform;
  /** Where each person connects from. */
  const addresses = new Map<string, Record<string, string>>();
  /** A new device of the person at `email`: a client with a session of its own, from their address. */
  const deviceOf = (email: string) => orionClient(platform, { headers: addresses.get(email) });
  /** The status a call with `bearer` gets from the user service, whatever the client holds. */
  const profileStatusWith = async (client: OrionClient, bearer: string) =>
    (await problemOf(client.user.GET(ME, { headers: { authorization: `Bearer ${bearer}` } }))).status;

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

  async function signUp(email: string): Promise<void> {
    addresses.set(email, clientAddress());
    const answer = await deviceOf(email).auth.POST('/api/v1/auth/sign-up', {
      body: { email, password: PASSWORD },
    });
    expectStatus(answer, 202);
  }

  async function verify(mail: SinkMail) {
    const verified = await orionClient(platform).user.POST('/api/v1/email-verification/verify', {
      body: { token: tokenFromLink(mail) },
    });
    expectStatus(verified, 200);
    return verified.data!;
  }

  /** Signs in on `device` with a client of its own, which keeps the session. */
  async function signIn(email: string, device: string, password = PASSWORD) {
    const client = deviceOf(email);
    const answer = await client.signIn({ email, password, deviceId: device });
    return { client, answer };
  }

  /** Signs up, confirms the address from the e-mail and signs in on one device. */
  async function verifiedAccount(label: string, device = 'laptop-0001') {
    const email = uniqueAddress(label);
    await signUp(email);
    await verify(await mailTo(platform.smtp, email, /Confirm your e-mail address/));
    const { client, answer } = await signIn(email, device);
    return { email, client, tokens: sessionOf(answer) };
  }

  it('1. signs up, gets the welcome and verification e-mails, verifies, signs in and reads the profile', async () => {
    const email = uniqueAddress('journey-one');
    await signUp(email);

    const welcome = await mailTo(platform.smtp, email, /Welcome to Orion/);
    expect(welcome.html).toContain('<');
    await verify(await mailTo(platform.smtp, email, /Confirm your e-mail address/));

    const { client, answer } = await signIn(email, 'laptop-0001');
    expect(answer.status).toBe('authenticated');
    const profile = await client.user.GET(ME);
    expectStatus(profile, 200);
    expect(profile.data).toMatchObject({ email, status: 'ACTIVE' });
    expect(profile.data!.emailVerifiedAt).toEqual(expect.any(String));
  });

  it('2. is alerted to a new device, enables TOTP, signs in with a code, and uses a backup code only once', async () => {
    const { email, client } = await verifiedAccount('journey-two');
    await signIn(email, 'phone-0007');
    const alert = await mailTo(platform.smtp, email, /New sign-in to your Orion account/);
    expect(alert.text).toBeDefined();

    const enrolment = await client.auth.POST('/api/v1/two-factor/totp', { body: {} });
    expectStatus(enrolment, 201);
    const { secret } = enrolment.data!;
    const confirmed = await client.auth.POST('/api/v1/two-factor/totp/confirm', {
      body: { code: await totp(secret) },
    });
    expectStatus(confirmed, 200);
    const backupCodes = confirmed.data!.backupCodes ?? [];
    expect(backupCodes.length).toBeGreaterThanOrEqual(8);

    const challenged = await signIn(email, 'laptop-0001');
    expect(challenged.answer.status).toBe('mfa_required');
    // The confirmation used this period's code; the next period's is within the allowed drift.
    const withCode = await challenged.client.completeMfa({
      challenge: challengeOf(challenged.answer),
      method: 'totp',
      code: await totp(secret, 1),
    });
    expect(withCode.session.accessToken).toEqual(expect.any(String));

    const backup = backupCodes[0]!;
    const first = await signIn(email, 'laptop-0001');
    const withBackup = await first.client.completeMfa({
      challenge: challengeOf(first.answer),
      method: 'backup_code',
      code: backup,
    });
    expect(withBackup.session.accessToken).toEqual(expect.any(String));
    const again = await signIn(email, 'laptop-0001');
    const reused = await problemOf(
      again.client.completeMfa({ challenge: challengeOf(again.answer), method: 'backup_code', code: backup }),
    );
    expect([reused.status, reused.code]).toEqual([401, 'MFA_CODE_INVALID']);
    expect(reused.problem.accessToken).toBeUndefined();
    expect(await again.client.session()).toBeUndefined();
  });

  it('3. reusing an old refresh token revokes the family and the alert e-mail arrives', async () => {
    const { email, client, tokens } = await verifiedAccount('journey-three');
    const rotated = await client.refresh();
    expect(rotated?.refreshToken).toEqual(expect.any(String));
    expect(rotated?.refreshToken).not.toBe(tokens.refreshToken);

    // The client never presents a used token again; an attacker with a copy does.
    const replay = await problemOf(
      deviceOf(email).auth.POST('/api/v1/auth/token/refresh', {
        body: { refreshToken: tokens.refreshToken },
      }),
    );
    expect([replay.status, replay.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    const successor = await problemOf(client.refresh());
    expect(successor.status).toBe(401);
    expect(successor).toBeInstanceOf(OrionSessionEndedError);
    expect(await client.session()).toBeUndefined();
    await mailTo(platform.smtp, email, /We signed you out to protect your Orion account/);
    await eventually(
      async () => ((await profileStatusWith(client, rotated!.accessToken)) === 401 ? true : undefined),
      'the revoked access token to be refused by the user service',
    );
  });

  it('4. resets the password from the e-mailed link and finds the old sessions ended', async () => {
    const { email, client, tokens } = await verifiedAccount('journey-four');
    const other = await signIn(email, 'laptop-0001');

    const request = await deviceOf(email).auth.POST('/api/v1/auth/password-reset', { body: { email } });
    expectStatus(request, 202);
    const mail = await mailTo(platform.smtp, email, /Reset your Orion password/);
    const confirm = await orionClient(platform).auth.POST('/api/v1/auth/password-reset/confirm', {
      body: { token: tokenFromLink(mail), password: NEW_PASSWORD },
    });
    expect(confirm.response.status).toBe(204);

    for (const device of [client, other.client]) {
      const refresh = await problemOf(device.refresh());
      expect(refresh.status).toBe(401);
    }
    await eventually(
      async () => ((await profileStatusWith(client, tokens.accessToken)) === 401 ? true : undefined),
      'the old access token to be refused',
    );
    const oldPassword = await problemOf(deviceOf(email).signIn({ email, password: PASSWORD }));
    expect(oldPassword.status).toBe(401);
    expect((await signIn(email, 'laptop-0001', NEW_PASSWORD)).answer.status).toBe('authenticated');
    await mailTo(platform.smtp, email, /Your Orion password was changed/);
  });

  it('5. changes the password while signed in: the other device is signed out, this one stays, the alert arrives', async () => {
    const { email, client } = await verifiedAccount('journey-five');
    const other = await signIn(email, 'phone-0005');
    const changed = await client.auth.POST('/api/v1/auth/password', {
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.response.status).toBe(204);
    const otherRefresh = await problemOf(other.client.refresh());
    expect(otherRefresh.status).toBe(401);
    const ownRefresh = await client.refresh();
    expect(ownRefresh?.accessToken).toEqual(expect.any(String));
    await mailTo(platform.smtp, email, /Your Orion password was changed/);
  });

  it('6. a change of address is announced to the previous address, whose link undoes it and signs everyone out', async () => {
    const { email, client } = await verifiedAccount('journey-six');
    const newAddress = uniqueAddress('journey-six-new');
    // The sign-up's verification link went out moments ago: the next one may follow a minute later.
    await queryDatabase(
      platform.user.database.url,
      "UPDATE email_verifications SET created_at = created_at - interval '2 minutes' WHERE email = $1",
      [email],
    );
    const requested = await client.user.PATCH('/api/v1/users/me/email', { body: { email: newAddress } });
    expectStatus(requested, 202);
    await verify(await mailTo(platform.smtp, newAddress, /Confirm your e-mail address/));
    const notice = await mailTo(platform.smtp, email, /The e-mail address of your Orion account was changed/);
    expect(notice.text).toContain('undo-email-change?token=');
    const undone = await orionClient(platform).user.POST('/api/v1/email-change/undo', {
      body: { token: tokenFromLink(notice) },
    });
    expectStatus(undone, 200);
    expect(undone.data!.email).toBe(email);
    await eventually(async () => {
      const refresh = await client.refresh().catch((error: unknown) => error);
      return refresh instanceof OrionSessionEndedError && refresh.status === 401 ? true : undefined;
    }, 'the session to end');
  });
});
