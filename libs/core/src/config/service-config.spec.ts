import { ConfigurationError, loadServiceConfig } from './service-config';
import { generateSealingKeyPair } from '../security/sealed-box';
import { DEVELOPMENT_SEALING_KEYS } from './transport-sealing.config';

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

  it('builds a typed config with documented defaults', () => {
    expect(loadServiceConfig('notification', valid)).toEqual({
      service: 'notification',
      environment: 'development',
      log: { level: 'info' },
      http: { host: '0.0.0.0', port: 3003, trustProxy: false },
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
        issuer: 'orion-auth',
        audience: 'orion',
        algorithms: ['EdDSA', 'ES256', 'RS256'],
        clockToleranceS: 5,
        permissionCacheTtlS: 30,
        apiKeyCacheTtlS: 30,
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
