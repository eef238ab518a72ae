import { PrivateRedis, startPrivateRedis } from '@orion/testing';
import { RevocationReconcilerService } from '../src/tokens/revocation-reconciler.service';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'harbour-lantern-quietly-97';

/**
 * Revocations are written to session_blacklist in the revoking transaction, and Redis is only
 * the fast copy every verifier reads. A Redis that loses its data (restart without persistence,
 * failover, FLUSHALL) must not bring revoked tokens back: auth restores the copy at start-up.
 * The suite runs on a Redis of its own, so flushing it touches nobody else.
 */
describe('revocations survive losing Redis', () => {
  let redis: PrivateRedis;
  let auth: AuthServiceUnderTest;
  const sharedRedis = process.env.TEST_REDIS_URL;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    process.env.TEST_REDIS_URL = redis.url;
    // No grace window: a rotated refresh token presented again is a reuse at once.
    auth = await AuthServiceUnderTest.start({
      REVOCATION_RECONCILE_INTERVAL_S: '0',
      REFRESH_REUSE_GRACE_S: '0',
    });
  });

  afterAll(async () => {
    await auth?.stop();
    await redis?.stop();
    if (sharedRedis === undefined) delete process.env.TEST_REDIS_URL;
    else process.env.TEST_REDIS_URL = sharedRedis;
  });

  const session = (accessToken: string) => auth.call('GET', '/api/v1/auth/session', { bearer: accessToken });
  const refresh = (refreshToken: string) =>
    auth.call('POST', '/api/v1/auth/token/refresh', { body: { refreshToken } });

  it('refuses a token revoked by sign-out everywhere after Redis is flushed and auth restarts', async () => {
    const email = uniqueEmail('flushed');
    const first = await auth.signUpAndIn(email, PASSWORD);
    const second = await auth.signUpAndIn(uniqueEmail('bystander'), PASSWORD);
    expect((await session(first.accessToken)).statusCode).toBe(200);

    const signedOut = await auth.call('POST', '/api/v1/auth/sign-out/all', { bearer: first.accessToken });
    expect(signedOut.statusCode).toBe(204);
    expect((await session(first.accessToken)).json().code).toBe('TOKEN_REVOKED');
    const denied = await auth.query<{ jti: string; reason: string }>(
      'SELECT jti, reason FROM session_blacklist ORDER BY created_at',
    );
    expect(denied.map((row) => row.reason)).toEqual(['signed_out_everywhere']);

    await auth.redis.flushall();
    // What the old code relied on alone: with Redis empty, the revoked token passed again.
    expect((await session(first.accessToken)).statusCode).toBe(200);

    auth = await auth.restart();
    const refused = await session(first.accessToken);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('TOKEN_REVOKED');
    // Only what was revoked: another user's token still works.
    expect((await session(second.accessToken)).statusCode).toBe(200);
  });

  it('refuses the access token of a family revoked for refresh-token reuse after Redis is flushed and auth restarts', async () => {
    const first = await auth.signUpAndIn(uniqueEmail('reused'), PASSWORD);
    const rotated = await refresh(first.refreshToken);
    expect(rotated.statusCode).toBe(200);
    const current = rotated.json<{ accessToken: string }>();
    const reused = await refresh(first.refreshToken);
    expect(reused.json().code).toBe('REFRESH_TOKEN_REUSED');
    expect((await session(current.accessToken)).json().code).toBe('TOKEN_REVOKED');

    await auth.redis.flushall();
    expect((await session(current.accessToken)).statusCode).toBe(200);
    auth = await auth.restart();
    expect((await session(current.accessToken)).json().code).toBe('TOKEN_REVOKED');
  });

  it('restores a denial whose Redis write was lost after the commit, on the next reconcile', async () => {
    const victim = await auth.signUpAndIn(uniqueEmail('lost-write'), PASSWORD);
    const signedOut = await auth.call('POST', '/api/v1/auth/sign-out', { bearer: victim.accessToken });
    expect(signedOut.statusCode).toBe(204);
    // The row committed with the revocation; the Redis entry is gone as if its write had failed.
    const keys = await auth.redis.keys('*revoked-token*');
    expect(keys.length).toBeGreaterThan(0);
    await auth.redis.del(...keys);
    expect((await session(victim.accessToken)).statusCode).toBe(200);

    expect(await auth.app.get(RevocationReconcilerService).reconcile()).toBeGreaterThan(0);
    expect((await session(victim.accessToken)).json().code).toBe('TOKEN_REVOKED');
  });
});
