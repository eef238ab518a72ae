import {
  createTestDatabase,
  dropTestDatabase,
  freePort,
  runServiceToExit,
  ServiceProcess,
  startServiceProcess,
} from '@orion/testing';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FRONT_END = 'https://app.orion.test';
const OTHER_SITE = 'https://elsewhere.example';

/** Per service: a POST route taking a JSON body, and whether browsers may send cookies there. */
const CASES = [
  { service: 'auth', jsonRoute: '/api/v1/auth/sign-in', credentials: true },
  { service: 'user', jsonRoute: '/api/v1/email-verification/verify', credentials: false },
  { service: 'notification', jsonRoute: '/api/v1/inbox/read-all', credentials: false },
] as const;

function serviceEnv(service: string, databaseUrl: string, port: number): NodeJS.ProcessEnv {
  const prefix = service.toUpperCase();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    [`${prefix}_PORT`]: String(port),
    [`${prefix}_DATABASE_URL`]: databaseUrl,
    REDIS_URL,
    CORS_ORIGINS: `${FRONT_END}, http://localhost:3000`,
  };
}

const preflight = (url: string, origin: string, method = 'POST') =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type, x-request-id',
    },
  });

describe.each(CASES)('the $service service at the HTTP edge', ({ service, jsonRoute, credentials }) => {
  let database: { name: string; url: string };
  let app: ServiceProcess;

  beforeAll(async () => {
    database = await createTestDatabase(`orion_edge_${service}`);
    const port = await freePort();
    app = await startServiceProcess(service, serviceEnv(service, database.url, port), port);
  });

  afterAll(async () => {
    await app?.stop();
    if (database) await dropTestDatabase(database.name);
  });

  it('answers a preflight from an allowed origin with what a browser client needs', async () => {
    const response = await preflight(`${app.baseUrl}${jsonRoute}`, FRONT_END);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(response.headers.get('vary')).toMatch(/origin/i);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    const allowedHeaders = response.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/);
    expect(allowedHeaders).toEqual(
      expect.arrayContaining([
        'authorization',
        'content-type',
        'x-api-key',
        'x-request-id',
        'x-device-id',
        'idempotency-key',
        'if-match',
        'last-event-id',
      ]),
    );
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    // Cookies only where this service sets them (the auth service's device and social-flow cookies).
    expect(response.headers.get('access-control-allow-credentials')).toBe(credentials ? 'true' : null);
  });

  it('gives a page on another origin no CORS header, preflight or not', async () => {
    const denied = await preflight(`${app.baseUrl}${jsonRoute}`, OTHER_SITE);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    expect(denied.headers.get('access-control-allow-credentials')).toBeNull();
    const simple = await fetch(`${app.baseUrl}/health/live`, { headers: { origin: OTHER_SITE } });
    expect(simple.status).toBe(200);
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    // An origin differing only in scheme or port is another origin.
    const lookalike = await preflight(`${app.baseUrl}${jsonRoute}`, 'http://app.orion.test');
    expect(lookalike.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets scripts of an allowed origin read the request id, ETag and Retry-After', async () => {
    const response = await fetch(`${app.baseUrl}/api/v1/no-such-thing`, {
      headers: { origin: 'http://localhost:3000', 'x-request-id': 'edge-trace-1' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('x-request-id')).toBe('edge-trace-1');
    const exposed = response.headers.get('access-control-expose-headers')!.toLowerCase().split(/,\s*/);
    expect(exposed).toEqual(expect.arrayContaining(['etag', 'retry-after', 'x-request-id']));
  });

  it('answers a wrong method on an existing path 405 with Allow, and an unknown path 404', async () => {
    const wrong = await fetch(`${app.baseUrl}${jsonRoute}`, { method: 'PUT' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(await wrong.json()).toMatchObject({
      type: 'https://orion.dev/problems/method-not-allowed',
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      instance: jsonRoute,
      requestId: expect.any(String),
    });
    const health = await fetch(`${app.baseUrl}/health/live`, { method: 'DELETE' });
    expect(health.status).toBe(405);
    expect(health.headers.get('allow')).toBe('GET, HEAD');
    const unknown = await fetch(`${app.baseUrl}${jsonRoute}-nothing`, { method: 'PUT' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['application/x-www-form-urlencoded', 'email=a%40b.example&password=x'],
    ['text/plain', '{"email":"a@b.example","password":"x"}'],
  ])('refuses a %s body with 415: routes read JSON only', async (contentType, body) => {
    const response = await fetch(`${app.baseUrl}${jsonRoute}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      type: 'https://orion.dev/problems/unsupported-media-type',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      detail: expect.stringContaining('application/json'),
    });
  });
});

describe('CORS_ORIGINS at boot', () => {
  it('stops a production service that would allow every origin, naming CORS_ORIGINS', async () => {
    const { code, output } = await runServiceToExit('user', {
      ...serviceEnv('user', 'postgresql://postgres@127.0.0.1:5432/postgres', 1),
      NODE_ENV: 'production',
      CORS_ORIGINS: '*',
    });
    expect(code).toBe(1);
    expect(output).toContain('orion-user cannot start. Invalid configuration');
    expect(output).toContain('CORS_ORIGINS: must not be * in production');
  });
});
