import { eventually } from '@orion/testing';
import { AuthServiceUnderTest } from './support/auth-service';
import { enableTotp, newSignedInUser, signInExpectingChallenge, TWO_FACTOR_ENV } from './support/two-factor';

describe("the user service's copy of a user's second factors", () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start(TWO_FACTOR_ENV);
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('follows enrolment and backup-code use, for the user and for support staff, without secrets', async () => {
    const user = await newSignedInUser(auth, 'status');
    const status = async (as: string, path: string) => (await auth.users.call('GET', path, { as })).json();
    expect(await status(user.userId, '/api/v1/users/me/two-factor')).toMatchObject({
      enabled: false,
      methods: { totp: false, sms: false, email: false, webauthn: false },
      syncedAt: null,
    });

    const { backupCodes } = await enableTotp(auth, user);
    const enrolled = await eventually(async () => {
      const body = await status(user.userId, '/api/v1/users/me/two-factor');
      return body.enabled ? body : undefined;
    }, 'the enrolment to reach the user service');
    expect(enrolled).toMatchObject({ methods: { totp: true, webauthn: false }, backupCodesRemaining: 10 });
    expect(JSON.stringify(enrolled)).not.toMatch(/secret/i);

    const challenge = await signInExpectingChallenge(auth, user.email);
    const verified = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken: challenge.challengeToken, method: 'backup_code', code: backupCodes[0] },
    });
    expect(verified.statusCode).toBe(200);
    const adminView = await eventually(async () => {
      const body = await status(
        AuthServiceUnderTest.sampleAdminId,
        `/api/v1/users/${user.userId}/two-factor`,
      );
      return body.backupCodesRemaining === 9 ? body : undefined;
    }, 'the used backup code to be counted');
    expect(adminView).toMatchObject({ enabled: true, methods: { totp: true } });

    const stranger = await newSignedInUser(auth, 'stranger');
    const refused = await auth.users.call('GET', `/api/v1/users/${user.userId}/two-factor`, {
      as: stranger.userId,
    });
    expect(refused.statusCode).toBe(403);
  });
});
