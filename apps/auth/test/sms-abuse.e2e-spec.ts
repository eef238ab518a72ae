import { randomUUID } from 'node:crypto';
import { eventually, PrivateRedis, startPrivateRedis, TwilioSink } from '@orion/testing';
import { NotificationServiceUnderTest } from '../../notification/test/support/notification-service';
import { SmsPolicyService } from '../src/two-factor/sms-policy.service';
import { SmsSendCountersStore } from '../src/two-factor/sms-send-counters.store';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';
import {
  latestCodeSentTo,
  newSignedInUser,
  PASSWORD,
  SignedInUser,
  signInExpectingChallenge,
  TWO_FACTOR_ENV,
} from './support/two-factor';

const CAPS = {
  SMS_DAILY_CAP_PER_NUMBER: '4',
  SMS_DAILY_CAP_PER_ACCOUNT: '3',
  SMS_DAILY_CAP_PER_COUNTRY: '50',
  SMS_DAILY_CAP_TOTAL: '100',
  SMS_ALLOWED_COUNTRIES: 'AT,DE',
};

/**
 * SMS pumping: texts cost money and fraudsters earn per message sent to their numbers, so every
 * path that texts a code is capped per number, account, country code and in total per day, and
 * only allowed regions are texted. Codes really travel: the auth service's outbox, the
 * notification service and Twilio's API (a sink), on a Redis of this suite's own.
 */
describe('SMS pumping and code delivery abuse', () => {
  let redis: PrivateRedis;
  let twilio: TwilioSink;
  let auth: AuthServiceUnderTest;
  let notification: NotificationServiceUnderTest;
  const sharedRedis = process.env.TEST_REDIS_URL;

  beforeAll(async () => {
    [redis, twilio] = await Promise.all([startPrivateRedis(), TwilioSink.start()]);
    process.env.TEST_REDIS_URL = redis.url;
    // Enrolments per code lifetime are not what stops the texts here.
    auth = await AuthServiceUnderTest.start({ ...TWO_FACTOR_ENV, ...CAPS, MFA_MAX_ATTEMPTS: '10' });
    notification = await NotificationServiceUnderTest.start(
      {
        TWILIO_BASE_URL: twilio.baseUrl,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
      },
      { seed: true, users: auth.users },
    );
  });

  afterAll(async () => {
    await notification?.stop();
    await auth?.stop();
    await twilio?.stop();
    await redis?.stop();
    if (sharedRedis === undefined) delete process.env.TEST_REDIS_URL;
    else process.env.TEST_REDIS_URL = sharedRedis;
  });

  const textsTo = (number: string) => twilio.messages().filter((sms) => sms.to === number);
  const codesRequestedFor = (number: string) =>
    auth.query(
      `SELECT 1 FROM outbox_events
        WHERE name = 'auth.two-factor-code-requested.v1' AND payload->>'destination' = $1`,
      [number],
    );
  const enrol = (user: SignedInUser, phoneNumber: string) =>
    auth.call('POST', '/api/v1/two-factor/sms', { bearer: user.accessToken, body: { phoneNumber } });

  /** Waits for `count` texts to the number, then for a text to `control`, sent after: none came late. */
  async function expectTexts(number: string, count: number, control: () => Promise<string>): Promise<void> {
    await eventually(
      () => (textsTo(number).length >= count ? true : undefined),
      `${count} texts to ${number}`,
    );
    const controlNumber = await control();
    await eventually(() => (textsTo(controlNumber).length > 0 ? true : undefined), 'the control text');
    expect(textsTo(number)).toHaveLength(count);
  }

  function expectDailyCap(
    response: { statusCode: number; headers: Record<string, unknown>; json(): any },
    scope: string,
  ) {
    expect(response.statusCode).toBe(429);
    expect(response.json()).toMatchObject({ code: 'SMS_DAILY_LIMIT_REACHED', scope });
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
  }

  it('caps the texts one number receives per day, whichever accounts ask', async () => {
    const victim = '+436641230001';
    const [first, second, third] = await Promise.all([
      newSignedInUser(auth, 'pump-a'),
      newSignedInUser(auth, 'pump-b'),
      newSignedInUser(auth, 'pump-c'),
    ]);
    for (const user of [first, second, first, second])
      expect((await enrol(user!, victim)).statusCode).toBe(202);
    expectDailyCap(await enrol(third!, victim), 'number');
    expectDailyCap(await enrol(first!, victim), 'number');

    expect(await codesRequestedFor(victim)).toHaveLength(4);
    await expectTexts(victim, 4, async () => {
      expect((await enrol(third!, '+436641230002')).statusCode).toBe(202);
      return '+436641230002';
    });
  });

  it('caps the texts one account causes per day, so restarting sign-in does not text forever', async () => {
    const user = await newSignedInUser(auth, 'restarts');
    const phone = '+4915112340001';
    expect((await enrol(user, phone)).statusCode).toBe(202);
    const { oneTimeCode } = await latestCodeSentTo(auth, user.userId, 'sms');
    const confirmed = await auth.call('POST', '/api/v1/two-factor/sms/confirm', {
      bearer: user.accessToken,
      body: { code: oneTimeCode },
    });
    expect(confirmed.statusCode).toBe(200);

    const sendForNewSignIn = async () => {
      const { challengeToken } = await signInExpectingChallenge(auth, user.email);
      return auth.call('POST', '/api/v1/auth/mfa/send', { body: { challengeToken, method: 'sms' } });
    };
    expect((await sendForNewSignIn()).statusCode).toBe(202);
    expect((await sendForNewSignIn()).statusCode).toBe(202);
    // The third text of the day was the account's last: every new sign-in is refused a fourth.
    expectDailyCap(await sendForNewSignIn(), 'account');
    expectDailyCap(await sendForNewSignIn(), 'account');

    expect(await codesRequestedFor(phone)).toHaveLength(3);
    await expectTexts(phone, 3, async () => {
      const other = await newSignedInUser(auth, 'control');
      expect((await enrol(other, '+4915112340002')).statusCode).toBe(202);
      return '+4915112340002';
    });
  });

  it('refuses a number outside SMS_ALLOWED_COUNTRIES before storing or sending anything', async () => {
    const user = await newSignedInUser(auth, 'far-away');
    for (const number of ['+12025550123', '+18762345678']) {
      const refused = await enrol(user, number);
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({
        code: 'SMS_COUNTRY_NOT_ALLOWED',
        allowedCountries: ['AT', 'DE'],
      });
      expect(await codesRequestedFor(number)).toHaveLength(0);
    }
    expect(await auth.query('SELECT 1 FROM two_factor_auth WHERE user_id = $1', [user.userId])).toHaveLength(
      0,
    );
    expect(twilio.messages().filter((sms) => sms.to.startsWith('+1'))).toHaveLength(0);
  });

  it('refuses SMS enrolment to an account whose e-mail address is not verified', async () => {
    const email = uniqueEmail('unverified-sms');
    expect(
      (await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: PASSWORD } })).statusCode,
    ).toBe(202);
    const signIn = await auth.call('POST', '/api/v1/auth/sign-in', { body: { email, password: PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const refused = await auth.call('POST', '/api/v1/two-factor/sms', {
      bearer: signIn.json().accessToken,
      body: { phoneNumber: '+436641230009' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('EMAIL_VERIFICATION_REQUIRED');
    expect(await codesRequestedFor('+436641230009')).toHaveLength(0);
  });

  it('counts per UTC day, per country calling code and in total, and starts again the next day', async () => {
    const policy = auth.app.get(SmsPolicyService);
    const userId = randomUUID();
    const lastMinute = new Date('2031-05-01T23:59:00Z');
    for (let i = 0; i < 3; i += 1) await policy.admit(userId, `+43664999000${i}`, lastMinute);
    await expect(policy.admit(userId, '+436649990009', lastMinute)).rejects.toMatchObject({
      code: 'SMS_DAILY_LIMIT_REACHED',
      extensions: { scope: 'account', retryAfter: 60 },
    });
    await expect(
      policy.admit(userId, '+436649990009', new Date('2031-05-02T00:00:00Z')),
    ).resolves.toBeUndefined();

    const store = auth.app.get(SmsSendCountersStore);
    const day = new Date('2031-06-01T12:00:00Z');
    const caps = { number: 100, account: 100, country: 2, total: 3 };
    const send = (phoneNumber: string, callingCode: string) =>
      store.count({ userId: randomUUID(), phoneNumber, callingCode }, caps, day);
    expect(await send('+4915100000001', '49')).toEqual({ ok: true });
    expect(await send('+4915100000002', '49')).toEqual({ ok: true });
    expect(await send('+4915100000003', '49')).toEqual({ ok: false, scope: 'country' });
    expect(await send('+436640000001', '43')).toEqual({ ok: true });
    expect(await send('+436640000002', '43')).toEqual({ ok: false, scope: 'total' });
    // A refused send counts nowhere.
    expect(await auth.redis.get(auth.namespace.key('auth', 'sms-sends', '2031-06-01', 'country', '43'))).toBe(
      '1',
    );
    expect(await auth.redis.get(auth.namespace.key('auth', 'sms-sends', '2031-06-01', 'total'))).toBe('3');
    // Phone numbers never appear in the keys.
    expect((await auth.redis.keys(auth.namespace.key('auth', 'sms-sends', '*'))).join(' ')).not.toMatch(
      /\+?4915100000001/,
    );
  });
});
