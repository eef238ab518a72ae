import { HttpStatus, NotFoundException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
// Fastify's own router (a dependency of fastify), so paths match here exactly as they route.
import FindMyWay from 'find-my-way';
import { DomainError } from '../errors/domain-error';

/** A path that exists, asked with a method it does not have; `Allow` lists the ones it has. */
export class MethodNotAllowedError extends DomainError {
  readonly code = 'METHOD_NOT_ALLOWED';
  readonly status = HttpStatus.METHOD_NOT_ALLOWED;

  constructor(
    method: string,
    readonly allowed: string[],
  ) {
    super(`${method} is not allowed here; this path accepts ${allowed.join(', ')}.`);
  }
}

type RouteTable = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;

const ROUTE_TABLE = 'orionRouteTable';
const noop = () => undefined;

/**
 * Fastify answers a known path asked with another method as if the path did not exist (404).
 * This keeps a second table of every route's path and methods, filled as routes are added, so
 * a not-found answer can tell a wrong method (405 with `Allow`) from an unknown path.
 */
export function trackRouteMethods(instance: FastifyInstance): void {
  const table: RouteTable = FindMyWay();
  instance.decorate(ROUTE_TABLE, table);
  instance.addHook('onRoute', (route) => {
    // The CORS plugin's catch-all preflight route would make every unknown path "exist".
    if (route.url === '*' || route.url === '/*') return;
    for (const method of [route.method].flat()) {
      try {
        table.on(method.toUpperCase() as FindMyWay.HTTPMethod, route.url, noop);
      } catch {
        // Already there: the HEAD route Fastify adds beside a GET, or a route with constraints.
      }
    }
  });
}

/** The methods the request's path has, in a stable order; empty when the path is unknown. */
export function allowedMethodsOf(request: FastifyRequest): string[] {
  const table = (request.server as unknown as Record<string, RouteTable | undefined>)[ROUTE_TABLE];
  if (!table) return [];
  const path = request.url.split('?')[0]!;
  return METHODS.filter((method) => table.find(method, path) !== null);
}

const METHODS: FindMyWay.HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Nest's not-found answer as a 405 when the path exists with other methods; anything else unchanged. */
export function asMethodNotAllowed(exception: unknown, request: FastifyRequest): unknown {
  // is404: no route matched. A NotFoundException from a matched route is a missing resource.
  if (!(exception instanceof NotFoundException) || !request.is404) return exception;
  const allowed = allowedMethodsOf(request);
  return allowed.length > 0 ? new MethodNotAllowedError(request.method, allowed) : exception;
}
