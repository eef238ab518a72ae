import { Controller, Post } from '@nestjs/common';
import {
  ApiKeyVerifier,
  BearerOrApiKeyAuth,
  RequiresRecentAuthentication,
  VerifiedApiKey,
} from '@orion/security';
import { randomUUID } from 'node:crypto';
import { bearer, nowSeconds, securityTestSuite } from './security-test-app';

class SingleKey extends ApiKeyVerifier {
  readonly key = `ork_${randomUUID()}`;

  async verify(key: string): Promise<VerifiedApiKey | null> {
    return key === this.key ? { keyId: randomUUID(), scopes: [] } : null;
  }
}

@Controller('account')
class AccountController {
  @Post('email')
  @RequiresRecentAuthentication()
  changeEmail() {
    return { changed: true };
  }

  @Post('keys')
  @BearerOrApiKeyAuth()
  @RequiresRecentAuthentication({ maxAgeS: 60 })
  createKey() {
    return { created: true };
  }

  @Post('name')
  rename() {
    return { renamed: true };
  }
}

describe('@RequiresRecentAuthentication(): sensitive changes need a recent auth_time', () => {
  const keys = new SingleKey();
  const suite = securityTestSuite([AccountController], { apiKeyVerifier: { useValue: keys } });

  const post = async (
    url: string,
    claims: Record<string, unknown> | null,
    headers: Record<string, string> = {},
  ) => {
    const token = await suite.jwks.sign({ userId: randomUUID(), ...(claims && { claims }) });
    return suite.app.inject({ method: 'POST', url, headers: { ...bearer(token), ...headers } });
  };

  it('passes a token authenticated within REAUTHENTICATION_MAX_AGE_S (300 s here)', async () => {
    const response = await post('/account/email', { auth_time: nowSeconds() - 290, amr: ['pwd'] });
    expect(response.statusCode).toBe(201);
  });

  it('refuses an older one with 401 REAUTHENTICATION_REQUIRED, the max age and when it authenticated', async () => {
    const authTime = nowSeconds() - 3600;
    const response = await post('/account/email', { auth_time: authTime, amr: ['pwd'] });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'REAUTHENTICATION_REQUIRED',
      maxAgeSeconds: 300,
      authenticatedAt: new Date(authTime * 1000).toISOString(),
      stepUpUrl: '/api/v1/auth/step-up',
    });
  });

  it('never counts a token without auth_time, or with one in the future, as recent', async () => {
    expect((await post('/account/email', null)).json().code).toBe('REAUTHENTICATION_REQUIRED');
    expect((await post('/account/email', { auth_time: nowSeconds() + 600 })).json().code).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
  });

  it('refuses malformed auth_time and amr claims as invalid tokens', async () => {
    expect((await post('/account/name', { auth_time: 'yesterday' })).json().code).toBe('TOKEN_INVALID');
    expect((await post('/account/name', { amr: 'pwd' })).json().code).toBe('TOKEN_INVALID');
  });

  it('a per-route max age overrides the default', async () => {
    expect((await post('/account/keys', { auth_time: nowSeconds() - 120 })).json()).toMatchObject({
      code: 'REAUTHENTICATION_REQUIRED',
      maxAgeSeconds: 60,
    });
    expect((await post('/account/keys', { auth_time: nowSeconds() - 30 })).statusCode).toBe(201);
  });

  it('an API key cannot make a sensitive change: a key cannot re-authenticate a user', async () => {
    const response = await suite.app.inject({
      method: 'POST',
      url: '/account/keys',
      headers: { 'x-api-key': keys.key },
    });
    expect([response.statusCode, response.json().code]).toEqual([401, 'USER_AUTHENTICATION_REQUIRED']);
  });

  it('routes without the decorator are not affected', async () => {
    expect((await post('/account/name', null)).statusCode).toBe(201);
  });
});
