import { DEVELOPMENT_SEALING_KEYS, generateSealingKeyPair } from '@orion/core';
import {
  createTestDatabase,
  dropTestDatabase,
  freePort,
  runServiceToExit,
  startServiceProcess,
  ServiceProcess,
  generateTransportKeys,
  eventually,
} from '@orion/testing';

const json = async (response: Response): Promise<any> => response.json();

const SERVICES = ['auth', 'user', 'notification'] as const;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function baseEnv(service: string, databaseUrl: string, port: number): NodeJS.ProcessEnv {
  const prefix = service.toUpperCase();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    [`${prefix}_PORT`]: String(port),
    [`${prefix}_DATABASE_URL`]: databaseUrl,
    REDIS_URL,
  };
}

describe.each(SERVICES)('the %s service process', (service) => {
  let database: { name: string; url: string };
  let app: ServiceProcess;

  beforeAll(async () => {
    database = await createTestDatabase(`orion_boot_${service}`);
    const port = await freePort();
    app = await startServiceProcess(service, baseEnv(service, database.url, port), port);
  });

  afterAll(async () => {
    await app?.stop();
    await dropTestDatabase(database.name);
  });

  it('is live and ready when its database and Redis answer', async () => {
    const live = await fetch(`${app.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${app.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    // Up or down only: an anonymous probe learns nothing about the dependencies.
    expect(await json(ready)).toEqual({ status: 'ok' });
  });

  it('answers unknown routes under /api/v1 with a problem document carrying the request id', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/no-such-thing`, {
      headers: { 'x-request-id': 'trace-abc-123' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe('trace-abc-123');
    const problem = await json(response);
    expect(problem).toMatchObject({
      status: 404,
      title: 'Not found',
      code: 'NOT_FOUND',
      type: 'https://orion.dev/problems/not-found',
      instance: '/api/v1/no-such-thing',
      requestId: 'trace-abc-123',
    });
  });

  it('replaces an unsafe request id with a generated one', async () => {
    const response = await fetch(`${app.baseUrl}/health/live`, {
      headers: { 'x-request-id': 'bad id\twith spaces' },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects malformed JSON with a 400 problem document, not a 500', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await json(response)).code).toBe('BAD_REQUEST');
  });

  it('publishes its OpenAPI document and Swagger UI', async () => {
    const document = await json(await fetch(`${app.baseUrl}/docs-json`));
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe(`Orion ${service} service`);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    const ui = await fetch(`${app.baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('writes one JSON log line per request, tagged with the service and request id', async () => {
    await fetch(`${app.baseUrl}/api/v1/logged`, { headers: { 'x-request-id': `log-${service}` } });
    const line = await eventually(
      () =>
        app
          .output()
          .split('\n')
          .filter((entry) => entry.startsWith('{'))
          .map((entry) => JSON.parse(entry))
          .find((entry) => entry.requestId === `log-${service}`),
      'the request log line',
      { timeoutMs: 5_000 },
    );
    expect(line).toMatchObject({
      service,
      req: { method: 'GET', url: '/api/v1/logged' },
      res: { statusCode: 404 },
    });
  });
});

describe('readiness when a dependency is down', () => {
  it('answers a bare 503 when Redis is unreachable and logs which dependency is down, while staying live', async () => {
    const database = await createTestDatabase('orion_boot_noredis');
    const port = await freePort();
    const closedPort = await freePort();
    const app = await startServiceProcess(
      'user',
      {
        ...baseEnv('user', database.url, port),
        REDIS_URL: `redis://127.0.0.1:${closedPort}`,
        REDIS_CONNECT_TIMEOUT_MS: '500',
      },
      port,
    );
    try {
      expect((await fetch(`${app.baseUrl}/health/live`)).status).toBe(200);
      const ready = await fetch(`${app.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      const text = await ready.text();
      expect(JSON.parse(text)).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        detail: 'The service is not ready.',
      });
      expect(text).not.toMatch(/redis|database|ECONNREFUSED|details/i);
      const notReady = () =>
        app
          .output()
          .split('\n')
          .find((line) => line.includes('Not ready'));
      expect(await eventually(notReady, 'the "Not ready" log line', { timeoutMs: 2_000 })).toMatch(
        /redis.*down/,
      );
    } finally {
      await app.stop();
      await dropTestDatabase(database.name);
    }
  });
});

describe('configuration is validated at boot', () => {
  const valid = baseEnv('auth', 'postgresql://postgres@127.0.0.1:5432/postgres', 1);

  it.each([
    ['a missing database URL', { AUTH_DATABASE_URL: undefined }, 'AUTH_DATABASE_URL is required but not set'],
    [
      'a database URL of the wrong kind',
      { AUTH_DATABASE_URL: 'mysql://localhost/x' },
      'AUTH_DATABASE_URL: must be a URL',
    ],
    ['a missing Redis URL', { REDIS_URL: undefined }, 'REDIS_URL is required but not set'],
    ['a port that is not a number', { AUTH_PORT: 'eighty' }, 'AUTH_PORT'],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops with a message naming the variable on %s', async (_case, override, message) => {
    const env: NodeJS.ProcessEnv = { ...valid, ...override };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const { code, output } = await runServiceToExit('auth', env);
    expect(code).toBe(1);
    expect(output).toContain('orion-auth cannot start. Invalid configuration');
    expect(output).toContain(message);
  });
});

describe('the notification service in production', () => {
  // Production requires its own transport keys and cache MAC key.
  const keys = generateTransportKeys();
  const production: NodeJS.ProcessEnv = {
    ...keys.sharedEnv,
    ...keys.serviceEnv.notification,
    ...baseEnv('notification', 'postgresql://postgres@127.0.0.1:5432/postgres', 1),
    NODE_ENV: 'production',
    REDIS_URL: 'redis://:secret@127.0.0.1:1',
    AUTH_JWKS_URL: 'http://127.0.0.1:1/.well-known/jwks.json',
    AUTH_JWKS_INTERNAL: 'true',
    WEBHOOK_SECRET_ENCRYPTION_KEY: 'k'.repeat(32),
    TRANSPORT_SEALING_KEY: generateSealingKeyPair().privateKey,
  };

  it('refuses the committed development sealing key, naming TRANSPORT_SEALING_KEY', async () => {
    const { code, output } = await runServiceToExit('notification', {
      ...production,
      TRANSPORT_SEALING_KEY: DEVELOPMENT_SEALING_KEYS.notification.privateKey,
    });
    expect(code).toBe(1);
    expect(output).toContain('TRANSPORT_SEALING_KEY: is a published development key');
  });

  it.each([
    ['OUTBOUND_ALLOW_PRIVATE_NETWORKS', 'true', 'must not be true in production'],
    ['OUTBOUND_ALLOWED_CIDRS', '10.0.0.0/8', 'must be empty in production'],
    ['OUTBOUND_ALLOW_HTTP', 'true', 'must not be true in production'],
  ])(
    'refuses to start with %s=%s (outbound requests to private networks or over http)',
    async (name, value, message) => {
      const { code, output } = await runServiceToExit('notification', { ...production, [name]: value });
      expect(code).toBe(1);
      expect(output).toContain(`${name}: ${message}`);
    },
  );
});

describe('production refuses what the repository publishes', () => {
  const production = (service: (typeof SERVICES)[number]): NodeJS.ProcessEnv => ({
    ...baseEnv(service, 'postgresql://postgres@127.0.0.1:5432/postgres', 1),
    NODE_ENV: 'production',
    REDIS_URL: 'redis://:a-password-of-our-own@127.0.0.1:1',
    AUTH_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
    AUTH_KEY_ENCRYPTION_SECRET: 'an-encryption-secret-of-our-own-0123456789',
    WEBHOOK_SECRET_ENCRYPTION_KEY: 'a-webhook-encryption-key-of-our-own-0123456789',
    WEBAUTHN_RP_ID: 'orion.example',
    WEBAUTHN_ORIGINS: 'https://orion.example',
  });

  it.each([
    ['auth', 'AUTH_KEY_ENCRYPTION_SECRET', 'orion-development-key-encryption-secret-change-me'],
    ['notification', 'WEBHOOK_SECRET_ENCRYPTION_KEY', 'orion-development-webhook-secret-key-change-me'],
    ['user', 'REDIS_URL', 'redis://:orion-redis-dev-password@127.0.0.1:1'],
    ['user', 'USER_DATABASE_URL', 'postgresql://orion:orion-dev-password@127.0.0.1:5432/orion_user'],
    ['auth', 'SEED_ADMIN_PASSWORD', 'orion-admin-dev-password'],
  ] as const)(
    'the %s service exits 1 naming %s when it holds a published value',
    async (service, name, value) => {
      const { code, output } = await runServiceToExit(service, { ...production(service), [name]: value });
      expect(code).toBe(1);
      expect(output).toContain(`orion-${service} cannot start. Invalid configuration`);
      expect(output).toContain(`${name}: `);
      expect(output).toMatch(/published in the Orion repository/);
      expect(output).not.toContain(value.includes('://') ? new URL(value).password : value);
    },
  );

  it('refuses a plain-http key set unless it is marked internal', async () => {
    const env = { ...production('user'), AUTH_JWKS_URL: 'http://auth:3001/.well-known/jwks.json' };
    const { code, output } = await runServiceToExit('user', env);
    expect(code).toBe(1);
    expect(output).toContain('AUTH_JWKS_URL: must be https:// in production');
  });

  it.each(SERVICES)(
    'the %s service exits 1 naming TRUST_PROXY when it would believe any X-Forwarded-For',
    async (service) => {
      const { code, output } = await runServiceToExit(service, {
        ...production(service),
        TRUST_PROXY: 'true',
      });
      expect(code).toBe(1);
      expect(output).toContain(`orion-${service} cannot start. Invalid configuration`);
      expect(output).toContain('TRUST_PROXY: must not be true in production');
    },
  );
});

describe('API documentation in production', () => {
  // Production requires keys of its own: transport signing, cache MAC and sealing.
  const keys = generateTransportKeys();
  const notificationSealing = generateSealingKeyPair();
  const productionKeys: NodeJS.ProcessEnv = {
    ...keys.sharedEnv,
    ...keys.serviceEnv.user,
    TRANSPORT_SEALING_KEY: generateSealingKeyPair().privateKey,
    TRANSPORT_SEALING_PUBLIC_KEYS: `notification:${notificationSealing.publicKey}`,
  };
  const start = async (extra: NodeJS.ProcessEnv) => {
    const database = await createTestDatabase('orion_boot_docs');
    const port = await freePort();
    const app = await startServiceProcess(
      'user',
      {
        ...baseEnv('user', database.url, port),
        NODE_ENV: 'production',
        REDIS_URL: REDIS_URL.replace('redis://', 'redis://:unused-password@'),
        AUTH_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
        ...productionKeys,
        ...extra,
      },
      port,
    );
    return { app, database };
  };

  it('serves neither /docs nor /docs-json by default, and both with DOCS_ENABLED=true', async () => {
    const off = await start({});
    try {
      expect((await fetch(`${off.app.baseUrl}/docs-json`)).status).toBe(404);
      expect((await fetch(`${off.app.baseUrl}/docs`)).status).toBe(404);
    } finally {
      await off.app.stop();
      await dropTestDatabase(off.database.name);
    }
    const on = await start({ DOCS_ENABLED: 'true' });
    try {
      expect((await json(await fetch(`${on.app.baseUrl}/docs-json`))).openapi).toMatch(/^3\./);
    } finally {
      await on.app.stop();
      await dropTestDatabase(on.database.name);
    }
  });
});
