import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who sent a request, as the HTTP edge saw it: what sessions, audits and alerts record. */
export interface RequestClient {
  ip: string;
  userAgent?: string;
}

/** The address (after the trusted proxies) and user agent of a request. */
export function requestClientOf(request: FastifyRequest): RequestClient {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, ...(userAgent && { userAgent }) };
}

/**
 * The token of an `Authorization: Bearer <token>` header: undefined when there is no bearer
 * header at all, null when it says Bearer but is malformed (no token, or more than one part).
 */
export function parseBearerHeader(header: string | undefined): string | null | undefined {
  const [scheme, token, ...rest] = (header ?? '').trim().split(/\s+/);
  if (scheme?.toLowerCase() !== 'bearer') return undefined;
  return token && rest.length === 0 ? token : null;
}

/** `@Client() client: RequestClient` in a handler: the request's address and user agent. */
export const Client = createParamDecorator((_data: unknown, context: ExecutionContext): RequestClient =>
  requestClientOf(context.switchToHttp().getRequest<FastifyRequest>()),
);

/**
 * The bearer token sent to a public route that also serves signed-in callers
 * (`@Public({ optionalBearer: true })`), undefined without a well-formed one; the handler verifies it.
 * Not `@Headers('authorization')`: Swagger would document the header as a required parameter,
 * while it is the bearer security scheme, and optional here.
 */
export const OptionalBearerToken = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    parseBearerHeader(context.switchToHttp().getRequest<FastifyRequest>().headers.authorization) ?? undefined,
);
