import { Controller, Get } from '@nestjs/common';
import {
  CurrentPrincipal,
  CurrentUser,
  Principal,
  Public,
  revokeAccessToken,
  revokeUserTokensBefore,
  SecurityKeys,
  UserPrincipal,
} from '@orion/security';
import { createTestSigningKey, signTestAccessToken, sleep, TestJwksServer } from '@orion/testing';
import { exportSPKI, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import {
  bearer,
  createSecurityTestApp,
  createTestRedis,
  nowSeconds,
  testSecurityConfig,
  securityTestSuite,
  TEST_NAMESPACE,
} from './security-test-app';

@Controller('probe')
class ProbeController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Get('user')
  user(@CurrentUser() user: UserPrincipal) {
    return { userId: user.userId };
  }

  @Public()
  @Get('open')
  open() {
    return { open: true };
  }
}

const COOLDOWN_MS = 300;

describe('AccessTokenGuard over HTTP', () => {
  const suite = securityTestSuite([ProbeController], { jwks: { cooldownMs: COOLDOWN_MS } });

  const get = (url: string, headers: Record<string, string> = {}) =>
    suite.app.inject({ method: 'GET', url, headers });

  async function expectRefused(token: string, code: string, detail?: string) {
    const response = await get('/probe/me', bearer(token));
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 401, code });
    if (detail) expect(response.json().detail).toContain(detail);
    return response;
  }

  it('accepts a valid token and hands its claims to the handler', async () => {
    const userId = randomUUID();
    const tokenId = randomUUID();
    const token = await suite.jwks.sign({
      userId,
      tokenId,
      sessionId: 'session-1',
      scopes: ['openid', 'profile'],
    });
    const response = await get('/probe/me', bearer(token));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      kind: 'user',
      userId,
      tokenId,
      sessionId: 'session-1',
      scopes: ['openid', 'profile'],
    });
    expect((await get('/probe/user', bearer(token))).json()).toEqual({ userId });
  });

  it('asks for a token with a bare Bearer challenge when none is sent', async () => {
    const response = await get('/probe/me');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'TOKEN_MISSING' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="orion"');
  });

  it('lets @Public() routes through without a token', async () => {
    expect((await get('/probe/open')).json()).toEqual({ open: true });
  });

  it('refuses an expired token with TOKEN_EXPIRED and an invalid_token challenge', async () => {
    const now = nowSeconds();
    const response = await expectRefused(
      await suite.jwks.sign({ issuedAt: now - 600, expiresAt: now - 60 }),
      'TOKEN_EXPIRED',
    );
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('tolerates a few seconds of clock skew on exp', async () => {
    const now = nowSeconds();
    const token = await suite.jwks.sign({ issuedAt: now - 300, expiresAt: now - 2 });
    expect((await get('/probe/me', bearer(token))).statusCode).toBe(200);
  });

  it.each([
    ['not yet valid', { notBefore: nowSeconds() + 120 }, 'not valid yet'],
    ['for another audience', { audience: 'someone-else' }, 'claim aud'],
    ['from another issuer', { issuer: 'evil-issuer' }, 'claim iss'],
    ['of another type (typ JWT)', { typ: 'JWT' }, 'claim typ'],
    ['without a typ', { typ: null }, 'claim typ'],
  ])('refuses a token %s with TOKEN_INVALID', async (_label, options, detail) => {
    const response = await expectRefused(await suite.jwks.sign(options), 'TOKEN_INVALID', detail);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('refuses a token issued longer ago than the maximum age, even with a far-off exp', async () => {
    // A leaked or hand-minted long-lived token: exp an hour ahead, iat two hours back.
    const now = nowSeconds();
    const token = await suite.jwks.sign({ issuedAt: now - 7200, expiresAt: now + 3600 });
    await expectRefused(token, 'TOKEN_INVALID', 'too old');
  });

  it('refuses a token issued in the future beyond the clock skew, and tolerates the skew', async () => {
    const now = nowSeconds();
    const future = await suite.jwks.sign({ issuedAt: now + 600, expiresAt: now + 900 });
    await expectRefused(future, 'TOKEN_INVALID', 'issued in the future');
    const skewed = await suite.jwks.sign({ issuedAt: now + 3, expiresAt: now + 300 });
    expect((await get('/probe/me', bearer(skewed))).statusCode).toBe(200);
  });

  it('refuses a malformed token', async () => {
    await expectRefused('not.a.jwt', 'TOKEN_INVALID', 'malformed');
  });

  it('refuses HS256 signed with the public key as secret (algorithm confusion)', async () => {
    const key = suite.jwks.currentKey;
    const secret = new TextEncoder().encode(await exportSPKI(key.publicKey));
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' })
      .setSubject(randomUUID())
      .setJti(randomUUID())
      .setIssuer('orion-auth')
      .setAudience('orion')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(secret);
    await expectRefused(forged, 'TOKEN_INVALID', 'algorithm not accepted');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = nowSeconds();
    const unsigned = [
      encode({ alg: 'none', typ: 'at+jwt', kid: suite.jwks.currentKey.kid }),
      encode({
        sub: randomUUID(),
        jti: randomUUID(),
        iss: 'orion-auth',
        aud: 'orion',
        iat: now,
        exp: now + 300,
      }),
      '',
    ].join('.');
    await expectRefused(unsigned, 'TOKEN_INVALID', 'algorithm not accepted');
  });

  it('refuses a token signed by an unknown key, refetching the key set at most once per cooldown', async () => {
    await sleep(COOLDOWN_MS + 50);
    const stranger = await createTestSigningKey();
    const before = suite.jwks.fetchCount;
    await expectRefused(await signTestAccessToken(stranger), 'TOKEN_INVALID', 'unknown key');
    await expectRefused(await signTestAccessToken(stranger), 'TOKEN_INVALID', 'unknown key');
    expect(suite.jwks.fetchCount - before).toBe(1);
  });

  it('accepts a token signed by a newly rotated key after one refetch', async () => {
    const oldToken = await suite.jwks.sign();
    expect((await get('/probe/me', bearer(oldToken))).statusCode).toBe(200);
    await sleep(COOLDOWN_MS + 50);
    await suite.jwks.rotate('ES256');
    const before = suite.jwks.fetchCount;
    const response = await get('/probe/me', bearer(await suite.jwks.sign()));
    expect(response.statusCode).toBe(200);
    expect(suite.jwks.fetchCount - before).toBe(1);
    // Known keys are served from the cache.
    expect((await get('/probe/me', bearer(oldToken))).statusCode).toBe(200);
    expect(suite.jwks.fetchCount - before).toBe(1);
  });

  it('refuses a revoked token on the very next request', async () => {
    const tokenId = randomUUID();
    const expiresAt = nowSeconds() + 300;
    const token = await suite.jwks.sign({ tokenId, expiresAt });
    expect((await get('/probe/me', bearer(token))).statusCode).toBe(200);
    await revokeAccessToken(suite.store.redis, TEST_NAMESPACE, tokenId, expiresAt);
    await expectRefused(token, 'TOKEN_REVOKED');
    const ttl = await suite.store.redis.ttl(new SecurityKeys(TEST_NAMESPACE).revokedToken(tokenId));
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(300 + 300);
  });

  it('refuses the user tokens issued before a not-before time, and only those', async () => {
    const userId = randomUUID();
    const now = nowSeconds();
    const older = await suite.jwks.sign({ userId, issuedAt: now - 100 });
    const newer = await suite.jwks.sign({ userId, issuedAt: now });
    const otherUser = await suite.jwks.sign({ issuedAt: now - 100 });
    await revokeUserTokensBefore(suite.store.redis, TEST_NAMESPACE, userId, new Date((now - 50) * 1000));
    await expectRefused(older, 'TOKEN_REVOKED');
    expect((await get('/probe/me', bearer(newer))).statusCode).toBe(200);
    expect((await get('/probe/me', bearer(otherUser))).statusCode).toBe(200);
  });
});

describe('AccessTokenGuard when the key set is unreachable', () => {
  it('answers 503, not 401 nor 500', async () => {
    const jwks = await TestJwksServer.start();
    await jwks.stop();
    const store = createTestRedis();
    const app = await createSecurityTestApp(store.redis, [ProbeController], {
      config: testSecurityConfig(jwks.url),
    });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/probe/me',
        headers: bearer(await jwks.sign()),
      });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ code: 'AUTHENTICATION_UNAVAILABLE' });
    } finally {
      await app.close();
      await store.close();
    }
  });
});
