import { randomBytes } from 'node:crypto';
import { COOKIE_PATHS, sha256Hex } from '@orion/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Header a client sends its device token in; browsers get the cookie instead. */
export const DEVICE_TOKEN_HEADER = 'x-device-token';
export const DEVICE_TOKEN_COOKIE = 'orion_device';
/** Only the sign-in routes need the cookie; everything else never sees it. */
const COOKIE_PATH = COOKIE_PATHS.auth[0]!;

// 32 random bytes, base64url: what a trusted device proves it holds.
const FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** A new device token: 256 bits from the CSPRNG, so it cannot be guessed or derived from the device. */
export const newDeviceToken = (): string => randomBytes(32).toString('base64url');

/** Only this is stored; a database dump does not let anyone present the token. */
export const deviceTokenHash = (token: string): string => sha256Hex(token);

/** The device token a request carries (header first, then the cookie); malformed values are ignored. */
export function deviceTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers[DEVICE_TOKEN_HEADER];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  const candidate = fromHeader ?? request.cookies?.[DEVICE_TOKEN_COOKIE];
  return candidate !== undefined && FORMAT.test(candidate) ? candidate : undefined;
}

/** Hands the token to a browser as a cookie scripts cannot read and other sites cannot send. */
export function setDeviceTokenCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  void reply.setCookie(DEVICE_TOKEN_COOKIE, token, {
    maxAge: maxAgeSeconds,
    path: COOKIE_PATH,
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
  });
}
