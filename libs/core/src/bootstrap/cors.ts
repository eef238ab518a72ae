import fastifyCors, { FastifyCorsOptions } from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { ServiceConfig } from '../config/service-config';
import { COOKIE_PATHS } from '../http/cookies';

/** Every request header a browser client of Orion sends; anything else fails the preflight. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-API-Key',
  'X-Request-Id',
  'X-Device-Id',
  // The auth service's device token and social-flow binding, for front ends that cannot keep its cookies.
  'X-Device-Token',
  'X-Social-Flow-Binding',
  'Idempotency-Key',
  'If-Match',
  // Sent by EventSource when it reconnects to the notification service's inbox stream.
  'Last-Event-ID',
];

/** Response headers a page's script may read: versions, back-off, the id to quote, the token challenge. */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Retry-After', 'X-Request-Id', 'WWW-Authenticate'];

export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** How long a browser may reuse a preflight answer: short enough that a changed list applies soon. */
export const CORS_MAX_AGE_S = 600;

/**
 * Lets the pages of the origins in CORS_ORIGINS call the service from a browser. Requests from
 * any other origin (or without one) get no CORS header at all, so the browser hides the answer.
 *
 * Credentials (cookies) are allowed only under the paths where the service sets cookies
 * (COOKIE_PATHS: the auth service's trusted-device and social sign-in cookies); everywhere else
 * callers authenticate with a bearer token or an API key, which a browser never sends on its own.
 */
export async function registerCors(app: NestFastifyApplication, config: ServiceConfig): Promise<void> {
  const { corsOrigins } = config.http;
  const cookiePaths = COOKIE_PATHS[config.service];
  const common: FastifyCorsOptions = {
    methods: CORS_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: CORS_MAX_AGE_S,
    // An OPTIONS from an allowed origin that is not a preflight gets the CORS answer, not a text/plain 400.
    strictPreflight: false,
  };
  await app.register(fastifyCors, {
    hideOptionsRoute: true,
    delegator: (request: FastifyRequest, callback) => {
      const origin = request.headers.origin;
      if (corsOrigins === '*') {
        // Browsers refuse credentials with `*`, so any-origin mode never offers them.
        return callback(null, { ...common, origin: '*', credentials: false });
      }
      const allowed = origin !== undefined && corsOrigins.includes(origin);
      callback(null, {
        ...common,
        // false: no CORS headers; the preflight route then answers like any other unknown method.
        origin: allowed ? origin : false,
        credentials: allowed && underCookiePath(request.url, cookiePaths),
      });
    },
  });
}

/** The cookie Path rule (RFC 6265 5.1.4): the path itself or anything below it. */
function underCookiePath(url: string, paths: readonly string[]): boolean {
  const path = url.split('?')[0]!;
  return paths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
