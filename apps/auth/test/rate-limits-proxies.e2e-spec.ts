import { randomInt } from 'node:crypto';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

/**
 * Per-address limits behind proxies and over IPv6, and rules the database lacks or cannot give.
 * The service believes X-Forwarded-For from 127.0.0.1 (the tests' own socket), so each request
 * plays a client at the address its proxy appended; every run takes fresh networks and addresses
 * because the counters live in a Redis shared across runs.
 */
const WRONG = 'not-the-password-at-all';
const hex = () => randomInt(0x1000, 0xffff).toString(16);
/** A documentation-range /64 of its own per run (2001:db8::/32). */
const fresh64 = () => `2001:db8:${hex()}:${hex()}`;
const freshIpv4 = () => `198.18.${randomInt(0, 256)}.${randomInt(1, 255)}`;

const problemOf = (response: { statusCode: number; headers: Record<string, unknown>; json(): any }) => ({
  status: response.statusCode,
  code: response.json().code as string | undefined,
  retryAfter: response.headers['retry-after'],
});

describe('per-address limits over IPv6', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start();
    await auth.setRateLimit('sign-in:ip', { limit: 5, windowSeconds: 900, blockDurationSeconds: 900 });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('counts sign-ins from any addresses of one /64 as one client, refuses it at the limit, and not the next /64', async () => {
    const network = fresh64();
    const statuses: number[] = [];
    for (let host = 1; host <= 5; host += 1) {
      const ip = `${network}:${hex()}:${hex()}:${hex()}:${host}`;
      statuses.push((await auth.signIn(uniqueEmail('v6'), WRONG, { ip })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    const sixth = await auth.signIn(uniqueEmail('v6'), WRONG, { ip: `${network}:ffff:ffff:ffff:fffe` });
    expect(problemOf(sixth)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);

    const [a, b, c, d] = network.split(':');
    const neighbour = `${a}:${b}:${c}:${(parseInt(d, 16) ^ 1).toString(16)}::1`;
    expect((await auth.signIn(uniqueEmail('v6'), WRONG, { ip: neighbour })).statusCode).toBe(401);
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address it carries', async () => {
    const ipv4 = freshIpv4();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const ip = attempt % 2 === 0 ? ipv4 : `::ffff:${ipv4}`;
      statuses.push((await auth.signIn(uniqueEmail('mapped'), WRONG, { ip })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('falls back to the code’s default when a rule’s row is deleted', async () => {
    await auth.query("DELETE FROM rate_limits WHERE key = 'sign-in:identifier'");
    const email = uniqueEmail('deleted-rule');
    const statuses: number[] = [];
    // Each guess from its own address: only the identifier's default (5 per 15 minutes) can stop them.
    for (let attempt = 0; attempt < 7; attempt += 1) {
      statuses.push((await auth.signIn(email, WRONG, { ip: freshIpv4() })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});

describe.each([
  ['the proxy’s address (TRUST_PROXY=127.0.0.1/32)', '127.0.0.1/32'],
  ['a hop count (TRUST_PROXY=1)', '1'],
])('behind a proxy named by %s', (_name, trustProxy) => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start({ TRUST_PROXY: trustProxy });
    await auth.setRateLimit('sign-in:ip', { limit: 3, windowSeconds: 900, blockDurationSeconds: 900 });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('counts the address the proxy appended, whatever the client put before it in X-Forwarded-For', async () => {
    const real = freshIpv4();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      // The client sends its own X-Forwarded-For; the proxy appends the address it saw.
      const forged = `${freshIpv4()}, ${fresh64()}::${attempt + 1}`;
      statuses.push((await auth.signIn(uniqueEmail('xff'), WRONG, { ip: `${forged}, ${real}` })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await auth.signIn(uniqueEmail('xff'), WRONG, { ip: freshIpv4() })).statusCode).toBe(401);
  });
});

describe('rules that cannot be read', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    auth = await AuthServiceUnderTest.start();
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('refuses rate-limited requests with 503 and Retry-After instead of letting them through unlimited', async () => {
    // No request has read the rules yet; now they cannot be.
    await auth.query('ALTER TABLE rate_limits RENAME TO rate_limits_unreachable');
    const user = { email: AuthServiceUnderTest.sampleUserEmail, password: 'orion-user-dev-password' };

    const signIn = await auth.signIn(user.email, user.password, { ip: freshIpv4() });
    expect(problemOf(signIn)).toEqual({ status: 503, code: 'RATE_LIMITS_UNAVAILABLE', retryAfter: '5' });
    expect(signIn.json().accessToken).toBeUndefined();
    // A route whose rules its guard names (@RateLimited) is refused the same way.
    const reset = await auth.call('POST', '/api/v1/auth/password-reset', { body: { email: user.email } });
    expect(problemOf(reset)).toEqual({ status: 503, code: 'RATE_LIMITS_UNAVAILABLE', retryAfter: '5' });
    const [{ count }] = await auth.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM login_attempts WHERE identifier = $1',
      [user.email],
    );
    expect(count).toBe('0');

    // Once the rules can be read again, the same sign-in goes through.
    await auth.query('ALTER TABLE rate_limits_unreachable RENAME TO rate_limits');
    expect((await auth.signIn(user.email, user.password, { ip: freshIpv4() })).statusCode).toBe(200);
  });
});
