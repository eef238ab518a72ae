import { Controller, Get } from '@nestjs/common';
import {
  ApiKeyVerifier,
  BearerOrApiKeyAuth,
  CurrentPrincipal,
  Principal,
  RequirePermission,
  VerifiedApiKey,
} from '@orion/security';
import { randomUUID } from 'node:crypto';
import { bearer, securityTestSuite } from './security-test-app';

/** One key, known by its plain value (hashing is covered by the API-key guard's own spec). */
class SingleKey extends ApiKeyVerifier {
  readonly key = `ork_${randomUUID()}`;
  readonly keyId = randomUUID();

  async verify(key: string): Promise<VerifiedApiKey | null> {
    return key === this.key ? { keyId: this.keyId, scopes: ['things:send'] } : null;
  }
}

@Controller('things')
class ThingsController {
  @Get('either')
  @BearerOrApiKeyAuth()
  either(@CurrentPrincipal() principal: Principal) {
    return { kind: principal.kind };
  }

  @Get('send')
  @BearerOrApiKeyAuth()
  @RequirePermission('things:send')
  send(@CurrentPrincipal() principal: Principal) {
    return { kind: principal.kind };
  }
}

@Controller('other')
class OtherController {
  @Get()
  @BearerOrApiKeyAuth()
  @RequirePermission('things:manage')
  manage(@CurrentPrincipal() principal: Principal) {
    return { kind: principal.kind };
  }
}

describe('@BearerOrApiKeyAuth(): routes for users and services alike', () => {
  const keys = new SingleKey();
  const suite = securityTestSuite([ThingsController, OtherController], {
    apiKeyVerifier: { useValue: keys },
  });

  const call = (url: string, headers: Record<string, string> = {}) =>
    suite.app.inject({ method: 'GET', url, headers });

  it('takes an access token as a user', async () => {
    const response = await call('/things/either', bearer(await suite.jwks.sign()));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ kind: 'user' });
  });

  it('takes an API key as a service, and checks permissions against its scopes', async () => {
    const response = await call('/things/send', { 'x-api-key': keys.key });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ kind: 'service' });
  });

  it('judges a request carrying a key by the key alone, even with a valid token beside it', async () => {
    const response = await call('/things/either', {
      'x-api-key': 'ork_wrong',
      ...bearer(await suite.jwks.sign()),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'API_KEY_INVALID' });
  });

  it('refuses a request with neither (401 asking for a token or a key) or with a bad token', async () => {
    const none = await call('/things/either');
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'CREDENTIALS_MISSING' });
    expect(none.headers['www-authenticate']).toBe('Bearer realm="orion"');
    expect((await call('/things/either', { authorization: 'Bearer nope' })).statusCode).toBe(401);
  });

  it("names the route's permission as the scope a key needs when neither is sent", async () => {
    const none = await call('/things/send');
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'CREDENTIALS_MISSING', requiredScope: 'things:send' });
    expect(none.json().detail).toContain('an API key with scope things:send');
  });

  it('refuses a key without the scope with 403 naming it', async () => {
    const response = await call('/other', { 'x-api-key': keys.key });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'things:manage' });
  });
});
