import { AuthServiceUnderTest } from './support/auth-service';
import {
  enableTotp,
  latestCodeSentTo,
  newSignedInUser,
  PASSWORD,
  SignedInUser,
  signInExpectingChallenge,
  totpCode,
  TWO_FACTOR_ENV,
} from './support/two-factor';

describe('codes by e-mail and SMS, delivered through auth.two-factor-code-requested.v1', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    // A new device alone reaches the MFA risk threshold here.
    auth = await AuthServiceUnderTest.start({
      ...TWO_FACTOR_ENV,
      RISK_WEIGHT_NEW_DEVICE: '50',
      RISK_MFA_THRESHOLD: '50',
    });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  async function enableEmail(user: SignedInUser): Promise<void> {
    const started = await auth.call('POST', '/api/v1/two-factor/email', { bearer: user.accessToken });
    expect(started.statusCode).toBe(202);
    const { oneTimeCode } = await latestCodeSentTo(auth, user.userId, 'email');
    const confirmed = await auth.call('POST', '/api/v1/two-factor/email/confirm', {
      bearer: user.accessToken,
      body: { code: oneTimeCode },
    });
    expect(confirmed.statusCode).toBe(200);
  }

  it('enables e-mail codes with a code sent to the account address, then signs in with one', async () => {
    const user = await newSignedInUser(auth, 'email');
    const started = await auth.call('POST', '/api/v1/two-factor/email', { bearer: user.accessToken });
    expect(started.statusCode).toBe(202);
    const sent = await latestCodeSentTo(auth, user.userId, 'email');
    expect(sent).toMatchObject({ destination: user.email, oneTimeCode: expect.stringMatching(/^[0-9]{6}$/) });
    // Nothing but the outbox event ever holds the code in clear.
    const stored = await auth.redis.keys(auth.namespace.key('auth', 'two-factor-enrolment', '*'));
    for (const key of stored)
      expect(JSON.stringify(await auth.redis.hgetall(key))).not.toContain(sent.oneTimeCode);

    const confirmed = await auth.call('POST', '/api/v1/two-factor/email/confirm', {
      bearer: user.accessToken,
      body: { code: sent.oneTimeCode },
    });
    expect(confirmed.statusCode).toBe(200);
    // Single use: the same code cannot confirm twice.
    const again = await auth.call('POST', '/api/v1/two-factor/email/confirm', {
      bearer: user.accessToken,
      body: { code: sent.oneTimeCode },
    });
    expect(again.statusCode).toBe(404);

    const { challengeToken, methods } = await signInExpectingChallenge(auth, user.email);
    expect(methods).toEqual(['email']);
    const send = await auth.call('POST', '/api/v1/auth/mfa/send', {
      body: { challengeToken, method: 'email' },
    });
    expect(send.statusCode).toBe(202);
    const signInCode = await latestCodeSentTo(auth, user.userId, 'email');
    expect(signInCode.oneTimeCode).toMatch(/^[0-9]{6}$/);

    const wrongCode = signInCode.oneTimeCode === '000000' ? '000001' : '000000';
    const wrong = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken, method: 'email', code: wrongCode },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'MFA_CODE_INVALID', attemptsLeft: 2 });
    const verified = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken, method: 'email', code: signInCode.oneTimeCode },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().accessToken).toEqual(expect.any(String));
  });

  it('a new code replaces the previous one within a challenge', async () => {
    const user = await newSignedInUser(auth, 'resend');
    await enableEmail(user);
    const { challengeToken } = await signInExpectingChallenge(auth, user.email);
    await auth.call('POST', '/api/v1/auth/mfa/send', { body: { challengeToken, method: 'email' } });
    const first = await latestCodeSentTo(auth, user.userId, 'email');
    await auth.call('POST', '/api/v1/auth/mfa/send', { body: { challengeToken, method: 'email' } });
    const second = await latestCodeSentTo(auth, user.userId, 'email');
    if (first.oneTimeCode !== second.oneTimeCode) {
      const stale = await auth.call('POST', '/api/v1/auth/mfa/verify', {
        body: { challengeToken, method: 'email', code: first.oneTimeCode },
      });
      expect(stale.statusCode).toBe(401);
    }
    const fresh = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken, method: 'email', code: second.oneTimeCode },
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('enrols a phone for SMS codes and signs in with a texted code', async () => {
    const user = await newSignedInUser(auth, 'sms');
    const bad = await auth.call('POST', '/api/v1/two-factor/sms', {
      bearer: user.accessToken,
      body: { phoneNumber: '0664 123' },
    });
    expect(bad.statusCode).toBe(400);
    const started = await auth.call('POST', '/api/v1/two-factor/sms', {
      bearer: user.accessToken,
      body: { phoneNumber: '+436641234567' },
    });
    expect(started.statusCode).toBe(202);
    const sent = await latestCodeSentTo(auth, user.userId, 'sms');
    expect(sent.destination).toBe('+436641234567');
    const confirmed = await auth.call('POST', '/api/v1/two-factor/sms/confirm', {
      bearer: user.accessToken,
      body: { code: sent.oneTimeCode },
    });
    expect(confirmed.statusCode).toBe(200);
    const overview = await auth.call('GET', '/api/v1/two-factor', { bearer: user.accessToken });
    expect(overview.json().factors).toEqual([
      expect.objectContaining({ method: 'sms', destination: '+43••••••••67' }),
    ]);
    expect(overview.body).not.toContain('+436641234567');

    const { challengeToken } = await signInExpectingChallenge(auth, user.email);
    await auth.call('POST', '/api/v1/auth/mfa/send', { body: { challengeToken, method: 'sms' } });
    const code = await latestCodeSentTo(auth, user.userId, 'sms');
    const verified = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken, method: 'sms', code: code.oneTimeCode },
    });
    expect(verified.statusCode).toBe(200);

    const removed = await auth.call('DELETE', '/api/v1/two-factor/sms', { bearer: user.accessToken });
    expect(removed.statusCode).toBe(204);
  });

  it('limits enrolment codes per user (429 once MFA_MAX_ATTEMPTS were sent within a code lifetime)', async () => {
    const user = await newSignedInUser(auth, 'pump');
    const enrol = () =>
      auth.call('POST', '/api/v1/two-factor/sms', {
        bearer: user.accessToken,
        body: { phoneNumber: '+15555550100' },
      });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await enrol()).statusCode);
    expect(statuses).toEqual([202, 202, 202, 429]);
    const sent = await auth.query(
      "SELECT id FROM outbox_events WHERE name = 'auth.two-factor-code-requested.v1' AND payload->>'userId' = $1",
      [user.userId],
    );
    expect(sent).toHaveLength(3);
  });

  it('a trusted device token skips the challenge; the same device id without it and other devices are still challenged', async () => {
    const user = await newSignedInUser(auth, 'trust');
    const { secret } = await enableTotp(auth, user);
    const device = { 'x-device-id': `laptop-${user.userId}` };
    const signIn = (deviceToken?: string) =>
      auth.call('POST', '/api/v1/auth/sign-in', {
        headers: { ...device, ...(deviceToken && { 'x-device-token': deviceToken }) },
        body: { email: user.email, password: PASSWORD },
      });

    const challenged = await signIn();
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
    const { deviceToken } = verified.json();
    expect(deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [trusted] = await auth.query<{ status: string; trusted_until: Date }>(
      "SELECT status, trusted_until FROM devices WHERE user_id = $1 AND status = 'TRUSTED'",
      [user.userId],
    );
    expect(trusted.status).toBe('TRUSTED');
    // MFA_TRUSTED_DEVICE_TTL_S defaults to 30 days.
    expect(trusted.trusted_until.getTime() - Date.now()).toBeGreaterThan(29 * 86400 * 1000);

    const skipped = await signIn(deviceToken);
    expect(skipped.json().status).toBe('authenticated');
    // The same device id and user agent without the token prove nothing.
    expect((await signIn()).json().status).toBe('mfa_required');
    // Another device is still challenged.
    const elsewhere = await auth.call('POST', '/api/v1/auth/sign-in', {
      headers: { 'x-device-id': `phone-${user.userId}` },
      body: { email: user.email, password: PASSWORD },
    });
    expect(elsewhere.json().status).toBe('mfa_required');
  });

  it('challenges a risky sign-in of a user without factors by e-mail to the sign-in address', async () => {
    const user = await newSignedInUser(auth, 'risky');
    const risky = await auth.call('POST', '/api/v1/auth/sign-in', {
      headers: { 'x-device-id': `unknown-${user.userId}` },
      body: { email: user.email, password: PASSWORD },
    });
    expect(risky.json()).toMatchObject({ status: 'mfa_required', mfa: { methods: ['email'] } });
    const { challengeToken } = risky.json().mfa;
    const totp = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken, method: 'totp', code: '123456' },
    });
    expect(totp.statusCode).toBe(422);
    expect(
      (await auth.call('POST', '/api/v1/auth/mfa/send', { body: { challengeToken, method: 'email' } }))
        .statusCode,
    ).toBe(202);
    const sent = await latestCodeSentTo(auth, user.userId, 'email');
    expect(sent.destination).toBe(user.email);
    const verified = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: { challengeToken, method: 'email', code: sent.oneTimeCode },
    });
    expect(verified.statusCode).toBe(200);
  });

  it('refuses to send a code for a method the challenge does not offer, and for a dead challenge', async () => {
    const user = await newSignedInUser(auth, 'nosms');
    await enableTotp(auth, user);
    const { challengeToken } = await signInExpectingChallenge(auth, user.email);
    const sms = await auth.call('POST', '/api/v1/auth/mfa/send', { body: { challengeToken, method: 'sms' } });
    expect(sms.statusCode).toBe(422);
    const unknown = await auth.call('POST', '/api/v1/auth/mfa/send', {
      body: { challengeToken: 'A'.repeat(43), method: 'email' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('MFA_CHALLENGE_INVALID');
  });
});
