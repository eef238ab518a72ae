import { generateKeyPairSync } from 'node:crypto';
import { generateSealingKeyPair } from '../security/sealed-box';
import { publicKeyBase64 } from '../transport/message-signing';
import { ConfigurationError, loadServiceConfig } from './service-config';

const valid = {
  NOTIFICATION_DATABASE_URL: 'postgresql://orion@db:5432/orion_notification',
  REDIS_URL: 'redis://:a-password-of-our-own@redis:6379',
};

function production(): NodeJS.ProcessEnv {
  const signing = generateKeyPairSync('ed25519');
  return {
    ...valid,
    NODE_ENV: 'production',
    AUTH_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
    TRANSPORT_SIGNING_KEY: signing.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    TRANSPORT_TRUSTED_KEYS: `notification:n1:${publicKeyBase64(signing.publicKey)}`,
    CACHE_MAC_KEY: Buffer.alloc(32, 9).toString('base64'),
    TRANSPORT_SEALING_KEY: generateSealingKeyPair().privateKey,
  };
}

const origins = (env: NodeJS.ProcessEnv) => loadServiceConfig('notification', env).http.corsOrigins;

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadServiceConfig('notification', env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('CORS_ORIGINS', () => {
  it('defaults to the development front end outside production and to no origin in production', () => {
    expect(origins(valid)).toEqual(['http://localhost:3000']);
    expect(origins({ ...valid, NODE_ENV: 'test' })).toEqual(['http://localhost:3000']);
    expect(origins(production())).toEqual([]);
  });

  it('reads a comma-separated list of exact origins, and empty as none', () => {
    expect(
      origins({
        ...valid,
        CORS_ORIGINS: 'https://app.example.com, http://localhost:5173,https://[::1]:8443',
      }),
    ).toEqual(['https://app.example.com', 'http://localhost:5173', 'https://[::1]:8443']);
    expect(origins({ ...valid, CORS_ORIGINS: '' })).toEqual([]);
    expect(origins({ ...production(), CORS_ORIGINS: 'https://app.example.com' })).toEqual([
      'https://app.example.com',
    ]);
  });

  it.each([
    'https://app.example.com/',
    'https://app.example.com/login',
    'https://App.example.com',
    'app.example.com',
    'ftp://files.example.com',
    'https://app.example.com:443',
  ])('refuses %s, which no browser sends as an Origin', (entry) => {
    const problems = problemsOf({ ...valid, CORS_ORIGINS: `https://ok.example.com,${entry}` });
    expect(problems).toEqual([expect.stringMatching(/^CORS_ORIGINS: ".*" is not an origin/)]);
    expect(problems[0]).toContain(entry);
  });

  it('allows * alone outside production', () => {
    expect(origins({ ...valid, CORS_ORIGINS: '*' })).toBe('*');
    expect(problemsOf({ ...valid, CORS_ORIGINS: '*,https://app.example.com' })).toEqual([
      'CORS_ORIGINS: * stands alone, not in a list of origins',
    ]);
  });

  it('refuses * in production, naming CORS_ORIGINS', () => {
    expect(problemsOf({ ...production(), CORS_ORIGINS: '*' })).toEqual([
      expect.stringMatching(/^CORS_ORIGINS: must not be \* in production/),
    ]);
    expect(problemsOf({ ...production(), CORS_ORIGINS: 'https://app.example.com, *' })).toEqual([
      expect.stringMatching(/^CORS_ORIGINS: must not be \* in production/),
    ]);
  });
});
