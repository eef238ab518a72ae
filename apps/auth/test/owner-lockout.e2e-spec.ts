import { randomInt } from 'node:crypto';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';
import * as twoFactor from './support/two-factor';

const PASSWORD = 'a-kettle-sings-on-the-hob';
const WRONG = 'not-the-password-at-all';

/** A documentation-range address of its own per run: rate counters in Redis outlive a run. */
const freshIp = () => `198.18.${randomInt(0, 256)}.${randomInt(1, 255)}`;

describe('strangers cannot lock the owner out (the seeded rate limits)', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start({}, { strictRateLimits: true });
    // The test runner itself signs up and in from one address; strangers come from their own.
    await auth.setRateLimit('sign-up:ip', { limit: 100000, blockDurationSeconds: 0 });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const userIdOf = async (email: string): Promise<string> => {
    const [user] = await auth.users.query<{ id: string }>(
      'SELECT id FROM users WHERE email_normalized = $1',
      [email],
    );
    return user.id;
  };

  it('lets the owner’s device token in after a stranger’s 200 failures from one address, even from that address; an administrator lifts the block for everyone else', async () => {
    const email = uniqueEmail('owner');
    const { accessToken } = await auth.signUpAndIn(email, PASSWORD);
    const userId = await userIdOf(email);
    const [device] = (await auth.call('GET', '/api/v1/devices', { bearer: accessToken })).json().items;
    const { deviceToken } = (
      await auth.call('POST', `/api/v1/devices/${device.id}/trust`, { bearer: accessToken })
    ).json();

    const stranger = freshIp();
    const statuses = new Map<number, number>();
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const status = (await auth.signIn(email, WRONG, { ip: stranger })).statusCode;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    // sign-in:identifier lets 5 guesses through, then blocks the address for 15 minutes.
    expect(statuses.get(401)).toBe(5);
    expect(statuses.get(429)).toBe(195);
    const [{ count: checked }] = await auth.query<{ count: string }>(
      "SELECT count(*)::text AS count FROM login_attempts WHERE identifier = $1 AND failure_reason = 'invalid_credentials'",
      [email],
    );
    expect(checked).toBe('5');

    // Without its token, the owner is one more guess: refused, from anywhere.
    expect((await auth.signIn(email, PASSWORD, { ip: stranger })).statusCode).toBe(429);
    const elsewhere = freshIp();
    expect((await auth.signIn(email, PASSWORD, { ip: elsewhere })).statusCode).toBe(429);
    // With it, neither the address's nor the identifier's count applies: the device has its own.
    const owner = await auth.signIn(email, PASSWORD, { ip: stranger, deviceToken });
    expect(owner.statusCode).toBe(200);
    expect(owner.json().status).toBe('authenticated');
    // The owner's success is no fresh budget for the stranger.
    expect((await auth.signIn(email, WRONG, { ip: freshIp() })).statusCode).toBe(429);

    const admin = await auth.adminAccessToken();
    const lifted = await auth.call('POST', `/api/v1/admin/users/${userId}/unlock`, { bearer: admin });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json()).toEqual({ wasLocked: false, wasRateLimited: true });
    const [event] = await auth.query<{ metadata: Record<string, unknown> }>(
      "SELECT metadata FROM security_events WHERE user_id = $1 AND type = 'account.unlocked'",
      [userId],
    );
    expect(event.metadata).toMatchObject({ reason: 'administrator', wasRateLimited: true });
    const afterLift = await auth.signIn(email, PASSWORD, { ip: elsewhere });
    expect(afterLift.statusCode).toBe(200);
    expect(afterLift.json().status).toBe('authenticated');
  });

  it('lets an owner who has passed the password finish with the second factor after a stranger’s 200 failures', async () => {
    const owner = await twoFactor.newSignedInUser(auth, 'owner-mfa');
    const { secret } = await twoFactor.enableTotp(auth, owner);
    const challenge = await twoFactor.signInExpectingChallenge(auth, owner.email);

    const stranger = freshIp();
    for (let attempt = 0; attempt < 200; attempt += 1)
      await auth.signIn(owner.email, WRONG, { ip: stranger });
    // A new sign-in without a device token is refused like the stranger's…
    expect((await auth.signIn(owner.email, twoFactor.PASSWORD, { ip: freshIp() })).statusCode).toBe(429);
    // …but the one waiting for its second factor completes, and asks to trust the device.
    const verified = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      body: {
        challengeToken: challenge.challengeToken,
        method: 'totp',
        code: await twoFactor.totpCode(secret, 1),
        trustDevice: true,
      },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ status: 'authenticated', deviceToken: expect.any(String) });
    // From now on that device is never counted with strangers: no challenge, no block.
    for (let attempt = 0; attempt < 20; attempt += 1) await auth.signIn(owner.email, WRONG, { ip: stranger });
    const again = await auth.signIn(owner.email, twoFactor.PASSWORD, {
      deviceToken: verified.json().deviceToken,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('authenticated');
  });

  it('counts sign-ups per address, not requests refused as malformed or for their password', async () => {
    await auth.setRateLimit('sign-up:ip', { limit: 5, windowSeconds: 3600, blockDurationSeconds: 3600 });
    try {
      const ip = freshIp();
      const signUp = (body: Record<string, unknown>) =>
        auth.call('POST', '/api/v1/auth/sign-up', { headers: { 'x-forwarded-for': ip }, body });
      for (let i = 0; i < 10; i += 1) {
        expect((await signUp({ email: 'not-an-address', password: PASSWORD })).statusCode).toBe(400);
        expect((await signUp({ email: uniqueEmail('short'), password: 'short' })).statusCode).toBe(400);
      }
      const accepted = [];
      for (let i = 0; i < 6; i += 1) {
        accepted.push((await signUp({ email: uniqueEmail('signup'), password: PASSWORD })).statusCode);
      }
      expect(accepted).toEqual([202, 202, 202, 202, 202, 429]);
    } finally {
      await auth.setRateLimit('sign-up:ip', { limit: 100000, blockDurationSeconds: 0 });
    }
  });
});
