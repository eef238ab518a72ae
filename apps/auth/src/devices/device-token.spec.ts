import type { FastifyReply, FastifyRequest } from 'fastify';
import { deviceTokenHash, deviceTokenOf, newDeviceToken, setDeviceTokenCookie } from './device-token';

const requestWith = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;

describe('device tokens', () => {
  it('are 256 random bits in base64url, stored as their SHA-256', () => {
    const token = newDeviceToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newDeviceToken()).not.toBe(token);
    expect(deviceTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(deviceTokenHash(token)).not.toContain(token);
  });

  it('are read from X-Device-Token first, else from the orion_device cookie; malformed values are ignored', () => {
    const token = newDeviceToken();
    const other = newDeviceToken();
    expect(deviceTokenOf(requestWith({ 'x-device-token': token, cookie: `orion_device=${other}` }))).toBe(
      token,
    );
    expect(deviceTokenOf(requestWith({ cookie: `theme=dark; orion_device=${other}; lang=en` }))).toBe(other);
    expect(deviceTokenOf(requestWith({ cookie: 'orion_device=short' }))).toBeUndefined();
    expect(deviceTokenOf(requestWith({ 'x-device-token': `${token}x` }))).toBeUndefined();
    expect(deviceTokenOf(requestWith({ cookie: `not_orion_device=${other}` }))).toBeUndefined();
  });

  it('reach browsers as an HttpOnly, Secure, SameSite=Strict cookie for the auth routes only', () => {
    const headers: Record<string, string> = {};
    const reply = {
      header: (name: string, value: string) => (headers[name] = value),
    } as unknown as FastifyReply;
    setDeviceTokenCookie(reply, 'T'.repeat(43), 600);
    expect(headers['set-cookie']).toBe(
      `orion_device=${'T'.repeat(43)}; Max-Age=600; Path=/api/v1/auth; HttpOnly; Secure; SameSite=Strict`,
    );
  });
});
