import { ConfigurationError, loadServiceConfig } from './service-config';

const valid = {
  NOTIFICATION_DATABASE_URL: 'postgresql://orion@db:5432/orion_notification',
  REDIS_URL: 'redis://:pw@redis:6379',
};

describe('loadServiceConfig', () => {
  it('builds a typed config with documented defaults', () => {
    expect(loadServiceConfig('notification', valid)).toEqual({
      service: 'notification',
      environment: 'development',
      log: { level: 'info' },
      http: { host: '0.0.0.0', port: 3003 },
      database: { url: valid.NOTIFICATION_DATABASE_URL, poolMax: 10, connectTimeoutMs: 5000 },
      redis: { url: valid.REDIS_URL, connectTimeoutMs: 5000 },
      security: {
        jwksUrl: 'http://127.0.0.1:3001/.well-known/jwks.json',
        issuer: 'orion-auth',
        audience: 'orion',
        algorithms: ['EdDSA', 'ES256', 'RS256'],
        clockToleranceS: 5,
        permissionCacheTtlS: 30,
        apiKeyCacheTtlS: 30,
      },
    });
  });

  it('reads only its own service variables', () => {
    expect(() => loadServiceConfig('auth', valid)).toThrow('AUTH_DATABASE_URL is required but not set');
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
