import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller-supplied id is kept only if it is short and plain, so it cannot inject into logs.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** True when an id received from outside (header or message) is safe to log and pass on. */
export function isAcceptableRequestId(candidate: unknown): candidate is string {
  return typeof candidate === 'string' && ACCEPTABLE_ID.test(candidate);
}

/**
 * Returns the request's id: the caller's X-Request-Id when acceptable, otherwise a new UUID.
 * The id is stored on the raw request so Fastify, the logger and the error filter all agree.
 */
export function resolveRequestId(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const header = req.headers[REQUEST_ID_HEADER];
  const candidate = Array.isArray(header) ? header[0] : header;
  const id = isAcceptableRequestId(candidate) ? candidate : randomUUID();
  req.id = id;
  return id;
}
