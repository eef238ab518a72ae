import fastifyCookie from '@fastify/cookie';
import Fastify, { FastifyInstance } from 'fastify';
import { deviceTokenHash, deviceTokenOf, newDeviceToken, setDeviceTokenCookie } from './device-token';

/** A bare Fastify app with the cookie plugin, as every Orion service registers it. */
async function appReading(): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(fastifyCookie);
  app.get('/read', async (request) => ({ token: deviceTokenOf(request) ?? null }));
  app.get('/issue', async (_request, reply) => {
    setDeviceTokenCookie(reply, 'T'.repeat(43), 600);
    return 'ok';
  });
  await app.ready();
  return app;
}

describe('device tokens', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await appReading();
  });

  afterAll(async () => {
    await app.close();
  });

  const read = async (headers: Record<string, string>) =>
    (await app.inject({ method: 'GET', url: '/read', headers })).json().token;

  it('are 256 random bits in base64url, stored as their SHA-256', () => {
    const token = newDeviceToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newDeviceToken()).not.toBe(token);
    expect(deviceTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(deviceTokenHash(token)).not.toContain(token);
  });

  it('are read from X-Device-Token first, else from the orion_device cookie; malformed values are ignored', async () => {
    const token = newDeviceToken();
    const other = newDeviceToken();
    expect(await read({ 'x-device-token': token, cookie: `orion_device=${other}` })).toBe(token);
    expect(await read({ cookie: `theme=dark; orion_device=${other}; lang=en` })).toBe(other);
    expect(await read({ cookie: 'orion_device=short' })).toBeNull();
    expect(await read({ 'x-device-token': `${token}x` })).toBeNull();
    expect(await read({ cookie: `not_orion_device=${other}` })).toBeNull();
  });

  it('reach browsers as an HttpOnly, Secure, SameSite=Strict cookie for the auth routes only', async () => {
    const response = await app.inject({ method: 'GET', url: '/issue' });
    expect(response.headers['set-cookie']).toBe(
      `orion_device=${'T'.repeat(43)}; Max-Age=600; Path=/api/v1/auth; HttpOnly; Secure; SameSite=Strict`,
    );
  });
});
