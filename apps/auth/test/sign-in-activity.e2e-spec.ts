import { randomUUID } from 'node:crypto';
import { AuthServiceUnderTest } from './support/auth-service';
import {
  enableTotp,
  newSignedInUser,
  PASSWORD,
  signInExpectingChallenge,
  TWO_FACTOR_ENV,
  verifyWithTotp,
} from './support/two-factor';

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

interface SessionItem {
  id: string;
  deviceName: string | null;
}

/**
 * Every completed sign-in (password alone, or with its second factor) moves the account's
 * lastLoginAt and names its session after the device: the name its owner gave the device, else
 * browser and system from the user agent.
 */
describe('what a sign-in leaves on the profile and the session', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start(TWO_FACTOR_ENV);
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const profileOf = async (userId: string) => {
    const response = await auth.users.call('GET', '/api/v1/users/me', { as: userId });
    expect(response.statusCode).toBe(200);
    return response.json<{ lastLoginAt: string | null; updatedAt: string }>();
  };

  const sessionsOf = async (userId: string): Promise<SessionItem[]> => {
    const response = await auth.users.call('GET', '/api/v1/users/me/sessions', { as: userId });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: SessionItem[] }>().items;
  };

  const createdAtOf = async (sessionId: string) =>
    (
      await auth.users.query<{ created_at: Date }>('SELECT created_at FROM sessions WHERE id = $1', [
        sessionId,
      ])
    )[0]!.created_at.toISOString();

  it('sets lastLoginAt at each password sign-in and names the session after the browser', async () => {
    const user = await newSignedInUser(auth, 'activity');
    const before = await profileOf(user.userId);
    expect(before.lastLoginAt).not.toBeNull();

    const signIn = await auth.signIn(user.email, PASSWORD, { userAgent: CHROME_MAC, deviceId: randomUUID() });
    expect(signIn.statusCode).toBe(200);
    const { sessionId } = signIn.json<{ sessionId: string }>();

    const after = await profileOf(user.userId);
    expect(after.lastLoginAt).toBe(await createdAtOf(sessionId));
    expect(Date.parse(after.lastLoginAt!)).toBeGreaterThan(Date.parse(before.lastLoginAt!));
    // A sign-in is not a change of the profile.
    expect(after.updatedAt).toBe(before.updatedAt);
    const session = (await sessionsOf(user.userId)).find((s) => s.id === sessionId);
    expect(session).toMatchObject({ deviceName: 'Chrome on macOS' });
  });

  it('uses the name the owner gave the device for the sessions started on it', async () => {
    const user = await newSignedInUser(auth, 'renamed');
    const deviceId = randomUUID();
    const first = await auth.signIn(user.email, PASSWORD, { userAgent: FIREFOX_LINUX, deviceId });
    const { accessToken } = first.json<{ accessToken: string }>();
    const devices = await auth.call('GET', '/api/v1/devices', { bearer: accessToken });
    const device = devices
      .json<{ items: Array<{ id: string; name: string }> }>()
      .items.find((d) => d.name === 'Firefox on Linux')!;
    const renamed = await auth.call('PATCH', `/api/v1/devices/${device.id}`, {
      bearer: accessToken,
      body: { name: 'Work laptop' },
    });
    expect(renamed.statusCode).toBe(200);

    const again = await auth.signIn(user.email, PASSWORD, { userAgent: FIREFOX_LINUX, deviceId });
    const { sessionId } = again.json<{ sessionId: string }>();
    expect((await sessionsOf(user.userId)).find((s) => s.id === sessionId)).toMatchObject({
      deviceName: 'Work laptop',
    });
  });

  it('sets lastLoginAt and the device name when the sign-in completes with its second factor', async () => {
    const user = await newSignedInUser(auth, 'mfa-activity');
    const { secret } = await enableTotp(auth, user);
    const before = await profileOf(user.userId);
    const challenge = await signInExpectingChallenge(auth, user.email, {
      'user-agent': CHROME_MAC,
      'x-device-id': randomUUID(),
    });
    // Only the completed sign-in counts: the challenge alone leaves lastLoginAt alone.
    expect((await profileOf(user.userId)).lastLoginAt).toBe(before.lastLoginAt);

    const verified = await verifyWithTotp(auth, challenge.challengeToken, secret);
    expect(verified.statusCode).toBe(200);
    const { sessionId } = verified.json<{ sessionId: string }>();
    expect((await profileOf(user.userId)).lastLoginAt).toBe(await createdAtOf(sessionId));
    expect((await sessionsOf(user.userId)).find((s) => s.id === sessionId)).toMatchObject({
      deviceName: 'Chrome on macOS',
    });
  });
});
