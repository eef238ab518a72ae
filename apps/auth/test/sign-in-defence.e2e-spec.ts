import { randomInt } from 'node:crypto';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'lichen-on-a-granite-wall';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const LONDON = '81.2.69.142';
const MOUNTAIN_VIEW = '8.8.8.8';

/** A documentation-range address of its own per run: rate counters in Redis outlive a run. */
const freshIp = () => `198.18.${randomInt(0, 256)}.${randomInt(1, 255)}`;

describe('sign-in defence: rate limits, devices, risk and security events', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start({ GEOIP_ENABLED: 'true', RISK_WEIGHT_RECENT_FAILURES: '30' });
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

  describe('rate limits', () => {
    afterEach(async () => {
      await auth.setRateLimit('sign-in:identifier', { limit: 100000, blockDurationSeconds: 0 });
      await auth.setRateLimit('sign-in:ip', { limit: 100000, blockDurationSeconds: 0 });
      await auth.setRateLimit('token-refresh:user', { limit: 100000 });
    });

    it('counts refreshes per user across rotated tokens', async () => {
      await auth.setRateLimit('token-refresh:user', { limit: 2, windowSeconds: 600 });
      let { refreshToken } = await auth.signUpAndIn(uniqueEmail('refresher'), PASSWORD);
      for (let refresh = 1; refresh <= 2; refresh += 1) {
        const response = await auth.call('POST', '/api/v1/auth/token/refresh', { body: { refreshToken } });
        expect(response.statusCode).toBe(200);
        refreshToken = response.json().refreshToken;
      }
      const limited = await auth.call('POST', '/api/v1/auth/token/refresh', { body: { refreshToken } });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('blocks an account identifier over its rule with 429 and Retry-After', async () => {
      await auth.setRateLimit('sign-in:identifier', {
        limit: 3,
        windowSeconds: 600,
        blockDurationSeconds: 600,
      });
      const email = uniqueEmail('limited');
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        expect((await auth.signIn(email, 'wrong-password-here', { ip: freshIp() })).statusCode).toBe(401);
      }
      const limited = await auth.signIn(email, 'wrong-password-here', { ip: freshIp() });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('application/problem+json');
      expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(500);
      // Another account from the same addresses is not affected.
      expect(
        (await auth.signIn(uniqueEmail('other'), 'wrong-password-here', { ip: freshIp() })).statusCode,
      ).toBe(401);
    });

    it('counts only guesses per account: a correct password starts the count again', async () => {
      await auth.setRateLimit('sign-in:identifier', {
        limit: 3,
        windowSeconds: 600,
        blockDurationSeconds: 600,
      });
      const email = uniqueEmail('frequent');
      await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: PASSWORD } });
      for (let round = 1; round <= 3; round += 1) {
        expect((await auth.signIn(email, 'wrong-password-here', { ip: freshIp() })).statusCode).toBe(401);
        expect((await auth.signIn(email, 'wrong-password-here', { ip: freshIp() })).statusCode).toBe(401);
        expect((await auth.signIn(email, PASSWORD, { ip: freshIp() })).statusCode).toBe(200);
      }
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        expect((await auth.signIn(email, 'wrong-password-here', { ip: freshIp() })).statusCode).toBe(401);
      }
      expect((await auth.signIn(email, PASSWORD, { ip: freshIp() })).statusCode).toBe(429);
    });

    it('counts per client address as given by X-Forwarded-For from the trusted proxy', async () => {
      await auth.setRateLimit('sign-in:ip', { limit: 2, windowSeconds: 600, blockDurationSeconds: 600 });
      const ip = freshIp();
      expect((await auth.signIn(uniqueEmail('a'), 'wrong-password-here', { ip })).statusCode).toBe(401);
      expect((await auth.signIn(uniqueEmail('b'), 'wrong-password-here', { ip })).statusCode).toBe(401);
      const limited = await auth.signIn(uniqueEmail('c'), 'wrong-password-here', { ip });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect((await auth.signIn(uniqueEmail('d'), 'wrong-password-here', { ip: freshIp() })).statusCode).toBe(
        401,
      );
    });
  });

  describe('devices', () => {
    it('recognises devices, alerts on a new one, and lets the owner rename, trust, untrust and revoke them', async () => {
      const email = uniqueEmail('devices');
      await auth.signUp(email, PASSWORD);
      const userId = await userIdOf(email);
      const laptop = await auth.signIn(email, PASSWORD, {
        deviceId: 'laptop-0000001',
        userAgent: FIREFOX_LINUX,
      });
      expect(laptop.statusCode).toBe(200);
      const token = laptop.json().accessToken as string;
      // The first device of an account is no news.
      expect(
        await auth.query(
          "SELECT id FROM security_events WHERE user_id = $1 AND type = 'sign_in.new_device'",
          [userId],
        ),
      ).toEqual([]);

      const desktop = await auth.signIn(email, PASSWORD, {
        deviceId: 'desktop-000001',
        userAgent: CHROME_WINDOWS,
        ip: '192.0.2.10',
      });
      expect(desktop.statusCode).toBe(200);
      expect(desktop.json().status).toBe('authenticated');

      const listed = await auth.call('GET', '/api/v1/devices', { bearer: token });
      expect(listed.statusCode).toBe(200);
      const items = listed.json().items as Array<Record<string, string>>;
      expect(items).toHaveLength(2);
      const chrome = items.find((device) => device.browser === 'Chrome')!;
      expect(chrome).toMatchObject({
        os: 'Windows',
        deviceType: 'desktop',
        name: 'Chrome on Windows',
        status: 'PENDING',
      });
      expect(items.find((device) => device.browser === 'Firefox')).toMatchObject({ os: 'Linux' });

      const events = await auth.query<{ device_id: string; metadata: Record<string, unknown> }>(
        "SELECT device_id, metadata FROM security_events WHERE user_id = $1 AND type = 'sign_in.new_device'",
        [userId],
      );
      expect(events).toEqual([
        { device_id: chrome.id, metadata: expect.objectContaining({ deviceName: 'Chrome on Windows' }) },
      ]);
      const [alert] = await auth.query<{ payload: Record<string, unknown> }>(
        "SELECT payload FROM outbox_events WHERE name = 'auth.new-device-signed-in.v1' AND payload->>'userId' = $1",
        [userId],
      );
      expect(alert.payload).toEqual({
        userId,
        email,
        ip: '192.0.2.10',
        deviceId: chrome.id,
        deviceName: 'Chrome on Windows',
        os: 'Windows',
        browser: 'Chrome',
        occurredAt: expect.any(String),
      });

      const renamed = await auth.call('PATCH', `/api/v1/devices/${chrome.id}`, {
        bearer: token,
        body: { name: 'Office PC' },
      });
      expect(renamed.json()).toMatchObject({ name: 'Office PC' });
      const trusted = await auth.call('POST', `/api/v1/devices/${chrome.id}/trust`, { bearer: token });
      expect(trusted.json()).toMatchObject({ status: 'TRUSTED', trustedUntil: expect.any(String) });
      const untrusted = await auth.call('POST', `/api/v1/devices/${chrome.id}/untrust`, { bearer: token });
      expect(untrusted.json()).toMatchObject({ status: 'PENDING', trustedUntil: null });

      // Revoking ends the sessions signed in on it, and only those.
      expect((await auth.call('DELETE', `/api/v1/devices/${chrome.id}`, { bearer: token })).statusCode).toBe(
        204,
      );
      const refresh = (refreshToken: string) =>
        auth.call('POST', '/api/v1/auth/token/refresh', { body: { refreshToken } });
      expect((await refresh(desktop.json().refreshToken)).statusCode).toBe(401);
      expect((await refresh(laptop.json().refreshToken)).statusCode).toBe(200);
      const after = await auth.call('GET', '/api/v1/devices', { bearer: token });
      expect(after.json().items.map((device: { id: string }) => device.id)).not.toContain(chrome.id);

      const stranger = await auth.signUpAndIn(uniqueEmail('stranger'), PASSWORD);
      const foreign = await auth.call('PATCH', `/api/v1/devices/${items[0].id}`, {
        bearer: stranger.accessToken,
        body: { name: 'Mine now' },
      });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('DEVICE_NOT_FOUND');
    });

    it('refuses a malformed X-Device-Id with a problem document', async () => {
      const response = await auth.signIn(uniqueEmail('bad-device'), PASSWORD, { deviceId: 'x' });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('INVALID_DEVICE_ID');
    });
  });

  describe('risk', () => {
    it('blocks impossible travel to a new country, alerts the owner and shows why', async () => {
      const email = uniqueEmail('traveller');
      await auth.signUp(email, PASSWORD);
      const userId = await userIdOf(email);
      const home = await auth.signIn(email, PASSWORD, { ip: LONDON, deviceId: 'phone-00000001' });
      expect(home.statusCode).toBe(200);

      const away = await auth.signIn(email, PASSWORD, { ip: MOUNTAIN_VIEW, deviceId: 'phone-00000001' });
      // Answered like a wrong password, so the refusal does not confirm the password.
      expect(away.statusCode).toBe(401);
      expect(away.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
      expect(away.json().accessToken).toBeUndefined();

      const [alert] = await auth.query<{ payload: Record<string, unknown> }>(
        "SELECT payload FROM outbox_events WHERE name = 'auth.sign-in-blocked.v1' AND payload->>'userId' = $1",
        [userId],
      );
      expect(alert.payload).toMatchObject({
        email,
        ip: MOUNTAIN_VIEW,
        country: 'US',
        riskScore: 90,
        reasons: ['new_country', 'impossible_travel'],
      });
      const [event] = await auth.query<{ metadata: Record<string, unknown> }>(
        "SELECT metadata FROM security_events WHERE user_id = $1 AND type = 'sign_in.blocked'",
        [userId],
      );
      expect(event.metadata).toMatchObject({
        riskScore: 90,
        travel: expect.objectContaining({ fromCountry: 'GB' }),
      });

      const attempts = await auth.call('GET', '/api/v1/auth/sign-in-attempts', {
        bearer: home.json().accessToken,
      });
      expect(attempts.statusCode).toBe(200);
      expect(
        attempts
          .json()
          .items.map((a: Record<string, unknown>) => [a.status, a.country, a.riskScore, a.riskReasons]),
      ).toEqual([
        ['BLOCKED', 'US', 90, ['new_country', 'impossible_travel']],
        ['SUCCESS', 'GB', 0, []],
      ]);

      const admin = await auth.adminAccessToken();
      const adminView = await auth.call('GET', `/api/v1/admin/sign-in-attempts?userId=${userId}`, {
        bearer: admin,
      });
      expect(adminView.json().items[0]).toMatchObject({
        userId,
        identifier: email,
        status: 'BLOCKED',
        riskScore: 90,
      });
    });

    it('answers a risk block exactly like a wrong password, so it does not confirm the password, and still alerts the owner', async () => {
      const email = uniqueEmail('confirmed');
      await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: PASSWORD } });
      const userId = await userIdOf(email);
      expect(
        (await auth.signIn(email, PASSWORD, { ip: LONDON, deviceId: 'phone-00000002' })).statusCode,
      ).toBe(200);
      const answer = async (password: string) => {
        const response = await auth.signIn(email, password, {
          ip: MOUNTAIN_VIEW,
          deviceId: 'phone-00000002',
        });
        const { instance: _instance, requestId: _requestId, ...body } = response.json();
        return { status: response.statusCode, body, contentType: response.headers['content-type'] };
      };
      const wrong = await answer('not-the-password');
      const blocked = await answer(PASSWORD);
      expect(wrong).toEqual({
        status: 401,
        body: expect.objectContaining({ code: 'INVALID_CREDENTIALS' }),
        contentType: expect.stringContaining('application/problem+json'),
      });
      expect(blocked).toEqual(wrong);

      // Out of band, the owner hears of it.
      const [attempt] = await auth.query<{ status: string; failure_reason: string }>(
        'SELECT status, failure_reason FROM login_attempts WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
        [userId],
      );
      expect(attempt).toEqual({ status: 'BLOCKED', failure_reason: 'risk_too_high' });
      expect(
        await auth.query("SELECT 1 FROM security_events WHERE user_id = $1 AND type = 'sign_in.blocked'", [
          userId,
        ]),
      ).toHaveLength(1);
      expect(
        await auth.query(
          "SELECT 1 FROM outbox_events WHERE name = 'auth.sign-in-blocked.v1' AND payload->>'userId' = $1",
          [userId],
        ),
      ).toHaveLength(1);
    });

    it('asks for a second factor when the score reaches the MFA threshold', async () => {
      const email = uniqueEmail('challenged');
      await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: PASSWORD } });
      expect(
        (await auth.signIn(email, PASSWORD, { ip: LONDON, deviceId: 'tablet-0000001' })).statusCode,
      ).toBe(200);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        expect((await auth.signIn(email, 'guessing-wrongly', { ip: LONDON })).statusCode).toBe(401);
      }
      // new_device (20) + recent_failures (30) = 50, the MFA threshold.
      const response = await auth.signIn(email, PASSWORD, { ip: LONDON, deviceId: 'laptop-0000002' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'mfa_required',
        mfa: { challengeToken: expect.any(String), methods: ['email'], expiresAt: expect.any(String) },
      });
      const [attempt] = await auth.query<{ status: string; risk_score: number; risk_reasons: string[] }>(
        'SELECT status, risk_score, risk_reasons FROM login_attempts WHERE identifier = $1 ORDER BY created_at DESC LIMIT 1',
        [email],
      );
      expect(attempt).toEqual({
        status: 'MFA_REQUIRED',
        risk_score: 50,
        risk_reasons: ['new_device', 'recent_failures'],
      });
    });
  });

  describe('security events', () => {
    it('shows users their own events in pages and administrators everyone’s by user and type', async () => {
      const email = uniqueEmail('events');
      const { accessToken } = await auth.signUpAndIn(email, PASSWORD);
      const userId = await userIdOf(email);
      const devices = (await auth.call('GET', '/api/v1/devices', { bearer: accessToken })).json().items;
      await auth.call('POST', `/api/v1/devices/${devices[0].id}/trust`, { bearer: accessToken });
      await auth.call('POST', `/api/v1/devices/${devices[0].id}/untrust`, { bearer: accessToken });

      const first = await auth.call('GET', '/api/v1/security-events?limit=1', { bearer: accessToken });
      expect(first.statusCode).toBe(200);
      expect(first.json().items).toEqual([expect.objectContaining({ userId, type: 'device.untrusted' })]);
      const second = await auth.call(
        'GET',
        `/api/v1/security-events?limit=1&cursor=${first.json().nextCursor}`,
        {
          bearer: accessToken,
        },
      );
      expect(second.json()).toEqual({
        items: [expect.objectContaining({ type: 'device.trusted' })],
        nextCursor: null,
      });

      expect(
        (await auth.call('GET', '/api/v1/admin/security-events', { bearer: accessToken })).statusCode,
      ).toBe(403);
      const admin = await auth.adminAccessToken();
      const filtered = await auth.call(
        'GET',
        `/api/v1/admin/security-events?userId=${userId}&type=device.trusted`,
        {
          bearer: admin,
        },
      );
      expect(filtered.statusCode).toBe(200);
      expect(filtered.json().items).toEqual([expect.objectContaining({ userId, type: 'device.trusted' })]);
    });
  });

  it('answers an unknown address exactly like a wrong password', async () => {
    const known = uniqueEmail('known');
    await auth.signUpAndIn(known, PASSWORD);
    const answers = [];
    for (const email of [known, uniqueEmail('unknown')]) {
      const response = await auth.signIn(email, 'not-the-password', { ip: freshIp() });
      const { instance: _instance, requestId: _requestId, ...body } = response.json();
      answers.push({ status: response.statusCode, body, contentType: response.headers['content-type'] });
    }
    expect(answers[0].status).toBe(401);
    expect(answers[1]).toEqual(answers[0]);
  });
});
