import { generateKeyPairSync } from 'node:crypto';
import { publicKeyBase64 } from '../transport/message-signing';
import { DEVELOPMENT_CACHE_MAC_KEY, DEVELOPMENT_SIGNING_KEYS } from './development-keys';
import { PUBLISHED_SECRETS } from './published-secrets';
import { ConfigurationError, loadServiceConfig } from './service-config';
import { generateSealingKeyPair } from '../security/sealed-box';
import { DEVELOPMENT_SEALING_KEYS } from './transport-sealing.config';

const signing = generateKeyPairSync('ed25519');
/** What production demands beyond the URLs: the service's own signing key, the trusted list, the MAC key. */
const productionKeys = {
  TRANSPORT_SIGNING_KEY: signing.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  TRANSPORT_TRUSTED_KEYS: `auth:a1:${publicKeyBase64(signing.publicKey)} user:u1:${publicKeyBase64(signing.publicKey)}`,
  CACHE_MAC_KEY: Buffer.alloc(32, 7).toString('base64'),
};

const valid = {
  NOTIFICATION_DATABASE_URL: 'postgresql://orion@db:5432/orion_notification',
  REDIS_URL: 'redis://:pw@redis:6379',
};

describe('loadServiceConfig', () => {
  it('reads TRUST_PROXY as a flag, a hop count or a list of proxy addresses', () => {
    const trust = (value: string) =>
      loadServiceConfig('notification', { ...valid, TRUST_PROXY: value }).http.trustProxy;
    expect(trust('true')).toBe(true);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8, 127.0.0.1');
    expect(() => trust('everyone')).toThrow(/TRUST_PROXY/);
  });

  it('refuses TRUST_PROXY=true in production and takes a hop count or proxy addresses there', () => {
    const production = {
      ...valid,
      ...productionKeys,
      TRANSPORT_SEALING_KEY: generateSealingKeyPair().privateKey,
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
    };
    const trust = (value: string) =>
      loadServiceConfig('notification', { ...production, TRUST_PROXY: value }).http.trustProxy;
    expect(() => trust('true')).toThrow(/TRUST_PROXY: must not be true in production/);
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.0/8, fd00::/8')).toBe('10.0.0.0/8, fd00::/8');
    expect(trust('false')).toBe(false);
  });

  it('builds a typed config with documented defaults', () => {
    const config = loadServiceConfig('notification', valid);
    expect(config.transport.signingKey).toMatchObject({ producer: 'notification', kid: 'dev-notification' });
    expect(config.transport.trustedKeys.map((key) => `${key.producer}:${key.kid}`)).toEqual([
      'auth:dev-auth',
      'user:dev-user',
      'notification:dev-notification',
    ]);
    expect(config.security.cacheMacKey.toString('base64')).toBe(DEVELOPMENT_CACHE_MAC_KEY);
    expect({ ...config, transport: undefined }).toEqual({
      transport: undefined,
      service: 'notification',
      environment: 'development',
      log: { level: 'info' },
      http: {
        host: '0.0.0.0',
        port: 3003,
        trustProxy: false,
        docsEnabled: true,
        corsOrigins: ['http://localhost:3000'],
      },
      database: { url: valid.NOTIFICATION_DATABASE_URL, poolMax: 20, connectTimeoutMs: 5000 },
      redis: { url: valid.REDIS_URL, connectTimeoutMs: 5000 },
      serviceCalls: { timeoutMs: 3000, retries: 2 },
      events: {
        relayEnabled: true,
        pollIntervalMs: 250,
        batchSize: 100,
        streamMaxLength: 1_000_000,
        claimIdleMs: 30_000,
        maxDeliveries: 5,
        outboxRetentionMs: 60_000,
        outboxPurgeIntervalMs: 30_000,
        streamTrimIntervalMs: 10_000,
      },
      security: {
        jwksUrl: 'http://127.0.0.1:3001/.well-known/jwks.json',
        maxTokenAgeS: 3600,
        issuer: 'orion-auth',
        audience: 'orion',
        algorithms: ['EdDSA', 'ES256', 'RS256'],
        clockToleranceS: 5,
        permissionCacheTtlS: 30,
        apiKeyCacheTtlS: 30,
        reauthenticationMaxAgeS: 300,
        cacheMacKey: expect.any(Buffer),
        cacheNamespace: 'notification',
      },
      sealing: {
        privateKey: DEVELOPMENT_SEALING_KEYS.notification.privateKey,
        publicKeys: {
          auth: DEVELOPMENT_SEALING_KEYS.auth.publicKey,
          user: DEVELOPMENT_SEALING_KEYS.user.publicKey,
          notification: DEVELOPMENT_SEALING_KEYS.notification.publicKey,
        },
      },
    });
  });

  it('reads only its own service variables', () => {
    expect(() => loadServiceConfig('auth', valid)).toThrow('AUTH_DATABASE_URL is required but not set');
  });

  it('refuses a Redis URL without a password in production, naming REDIS_URL', () => {
    const production = {
      ...valid,
      ...productionKeys,
      NODE_ENV: 'production',
      TRANSPORT_SEALING_KEY: generateSealingKeyPair().privateKey,
    };
    expect(() =>
      loadServiceConfig('notification', { ...production, REDIS_URL: 'redis://redis:6379' }),
    ).toThrow(/REDIS_URL: must carry a password/);
    expect(() =>
      loadServiceConfig('notification', { ...production, REDIS_URL: 'rediss://orion@redis:6380' }),
    ).toThrow('REDIS_URL');
    expect(
      loadServiceConfig('notification', { ...production, REDIS_URL: 'rediss://orion:pw@redis:6380' }).redis
        .url,
    ).toBe('rediss://orion:pw@redis:6380');
    expect(loadServiceConfig('notification', { ...valid, REDIS_URL: 'redis://redis:6379' }).environment).toBe(
      'development',
    );
  });

  it('demands its own transport keys and cache MAC key in production, and validates them', () => {
    const production = { ...valid, NODE_ENV: 'production' };
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadServiceConfig('notification', env);
        return [];
      } catch (error) {
        return (error as ConfigurationError).problems;
      }
    };
    expect(problems(production)).toEqual([
      'TRANSPORT_SIGNING_KEY is required when NODE_ENV=production',
      'TRANSPORT_TRUSTED_KEYS is required when NODE_ENV=production',
      'CACHE_MAC_KEY is required when NODE_ENV=production',
      'TRANSPORT_SEALING_KEY is required but not set',
    ]);
    expect(
      problems({
        ...production,
        TRANSPORT_SIGNING_KEY: 'c2hvcnQ=',
        TRANSPORT_TRUSTED_KEYS: 'auth:only-two',
        CACHE_MAC_KEY: 'c2hvcnQ=',
      }),
    ).toEqual([
      'TRANSPORT_SIGNING_KEY: an Ed25519 seed is 32 bytes',
      'TRANSPORT_TRUSTED_KEYS: entry "auth:only-two" is not producer:kid:publicKey',
      'CACHE_MAC_KEY: must be at least 32 bytes, base64',
      'TRANSPORT_SEALING_KEY is required but not set',
    ]);
    const config = loadServiceConfig('notification', {
      ...production,
      ...productionKeys,
      TRANSPORT_SEALING_KEY: generateSealingKeyPair().privateKey,
    });
    // Without TRANSPORT_SIGNING_KEY_ID the key id is the public key's fingerprint.
    expect(config.transport.signingKey.kid).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(config.transport.trustedKeys).toHaveLength(2);
    expect(config.transport.maxSkewMs).toBe(60_000);
  });

  it('lists every committed development secret as published', () => {
    const values = PUBLISHED_SECRETS;
    for (const key of Object.values(DEVELOPMENT_SIGNING_KEYS)) {
      expect(values).toContain(key.seed);
      expect(values).toContain(key.publicKey);
    }
    expect(values).toContain(DEVELOPMENT_CACHE_MAC_KEY);
  });

  it('reads the transport settings', () => {
    const config = loadServiceConfig('notification', {
      ...valid,
      REDIS_TLS_CA_FILE: '/etc/orion/redis-ca.pem',
      SERVICE_CALL_TIMEOUT_MS: '1500',
      SERVICE_CALL_RETRIES: '0',
    });
    expect(config.redis.tlsCaFile).toBe('/etc/orion/redis-ca.pem');
    expect(config.serviceCalls).toEqual({ timeoutMs: 1500, retries: 0 });
    expect(() => loadServiceConfig('notification', { ...valid, SERVICE_CALL_RETRIES: '9' })).toThrow(
      'SERVICE_CALL_RETRIES',
    );
  });

  it('names every bad variable at once', () => {
    try {
      loadServiceConfig('notification', {
        ...valid,
        NOTIFICATION_PORT: '70000',
        DATABASE_POOL_MAX: 'many',
        REDIS_URL: '',
      });
      throw new Error('expected a ConfigurationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      const problems = (error as ConfigurationError).problems.join('\n');
      expect(problems).toContain('NOTIFICATION_PORT');
      expect(problems).toContain('DATABASE_POOL_MAX');
      expect(problems).toContain('REDIS_URL is required but not set');
    }
  });
});
