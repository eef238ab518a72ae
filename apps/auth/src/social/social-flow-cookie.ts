import { COOKIE_PATHS, sha256Hex } from '@orion/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Sent back by front ends that cannot keep the cookie (native apps, a front end on another site). */
export const FLOW_BINDING_HEADER = 'x-social-flow-binding';

/** The routes under which the callback lives (inside the auth cookie path): the cookie goes nowhere else. */
const COOKIE_PATH = `${COOKIE_PATHS.auth[0]}/social`;

/** One cookie per flow, named after its state, so flows started in two tabs do not overwrite each other. */
const cookieName = (state: string) => `orion_oidc_${sha256Hex(state).slice(0, 16)}`;

/**
 * The binding in an `HttpOnly; Secure; SameSite=Lax` cookie: scripts cannot read it, it never
 * travels over plain HTTP, and Lax still sends it on the provider's top-level redirect back.
 */
export function setFlowCookie(reply: FastifyReply, state: string, binding: string, ttlS: number): void {
  void reply.setCookie(cookieName(state), binding, {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path: COOKIE_PATH,
    maxAge: ttlS,
  });
}

export function clearFlowCookie(reply: FastifyReply, state: string): void {
  void reply.clearCookie(cookieName(state), {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path: COOKIE_PATH,
  });
}

/** The binding the callback presents: the header when sent, else the flow's cookie. */
export function flowBindingOf(request: FastifyRequest, state: string | undefined): string | undefined {
  const header = request.headers[FLOW_BINDING_HEADER];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader) return fromHeader;
  return state ? request.cookies?.[cookieName(state)] : undefined;
}
