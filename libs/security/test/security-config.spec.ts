import { ConfigurationError, generateSealingKeyPair, loadServiceConfig } from '@orion/core';
import { generateTransportKeys } from '@orion/testing';

const base = {
  USER_DATABASE_URL: 'postgresql://orion@db:5432/orion_user',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('security configuration', () => {
  it('reads the verification settings', () => {
    const { security } = loadServiceConfig('user', {
      ...base,
      AUTH_JWKS_URL: 'https://auth.internal/.well-known/jwks.json',
      JWT_ISSUER: 'https://auth.example',
      JWT_AUDIENCE: 'orion-api',
      JWT_ALGORITHMS: ' ES256 , EdDSA',
      JWT_CLOCK_TOLERANCE_S: '10',
      JWT_MAX_TOKEN_AGE_S: '900',
      PERMISSION_CACHE_TTL_S: '5',
      API_KEY_CACHE_TTL_S: '60',
    });
    expect(security).toEqual({
      jwksUrl: 'https://auth.internal/.well-known/jwks.json',
      maxTokenAgeS: 900,
      issuer: 'https://auth.example',
      audience: 'orion-api',
      algorithms: ['ES256', 'EdDSA'],
      clockToleranceS: 10,
      permissionCacheTtlS: 5,
      apiKeyCacheTtlS: 60,
      reauthenticationMaxAgeS: 300,
      cacheMacKey: expect.any(Buffer),
      cacheNamespace: 'user',
    });
  });

  it.each(['HS256', 'none', 'EdDSA,HS512', ','])('refuses JWT_ALGORITHMS=%s at boot', (algorithms) => {
    expect(() => loadServiceConfig('user', { ...base, JWT_ALGORITHMS: algorithms })).toThrow(
      ConfigurationError,
    );
    expect(() => loadServiceConfig('user', { ...base, JWT_ALGORITHMS: algorithms })).toThrow(
      /JWT_ALGORITHMS: must be/,
    );
  });

  it('names a bad key set URL and tolerance', () => {
    try {
      loadServiceConfig('user', { ...base, AUTH_JWKS_URL: 'ftp://keys', JWT_CLOCK_TOLERANCE_S: '3600' });
      throw new Error('expected a ConfigurationError');
    } catch (error) {
      const problems = (error as ConfigurationError).problems.join('\n');
      expect(problems).toContain('AUTH_JWKS_URL');
      expect(problems).toContain('JWT_CLOCK_TOLERANCE_S');
    }
  });

  it('refuses a plain-http key set in production unless it is marked internal', () => {
    const keys = generateTransportKeys();
    const production = {
      ...base,
      ...keys.sharedEnv,
      ...keys.serviceEnv.user,
      TRANSPORT_SEALING_KEY: generateSealingKeyPair().privateKey,
      TRANSPORT_SEALING_PUBLIC_KEYS: `notification:${generateSealingKeyPair().publicKey}`,
      NODE_ENV: 'production',
      REDIS_URL: 'redis://:pw@127.0.0.1:6379',
    };
    const http = { ...production, AUTH_JWKS_URL: 'http://auth:3001/.well-known/jwks.json' };
    expect(() => loadServiceConfig('user', http)).toThrow(/AUTH_JWKS_URL: must be https:\/\/ in production/);
    expect(loadServiceConfig('user', { ...http, AUTH_JWKS_INTERNAL: 'true' }).security.jwksUrl).toBe(
      http.AUTH_JWKS_URL,
    );
    expect(
      loadServiceConfig('user', {
        ...production,
        AUTH_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
      }).environment,
    ).toBe('production');
    expect(loadServiceConfig('user', { ...base, AUTH_JWKS_URL: http.AUTH_JWKS_URL }).environment).toBe(
      'development',
    );
  });
});
