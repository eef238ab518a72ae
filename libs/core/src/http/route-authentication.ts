import { applyDecorators, ExecutionContext, SetMetadata, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * How a route authenticates its caller; a bearer access token unless a decorator says otherwise.
 * `bearer-or-api-key`: users and services alike (X-API-Key when sent, the access token otherwise).
 */
export type RouteAuthentication = 'bearer' | 'api-key' | 'bearer-or-api-key' | 'public';

/** Metadata key read by the authentication guards (see @orion/security). */
export const ROUTE_AUTHENTICATION = 'orion:route-authentication';

/** Marks a public route whose handler also reads a bearer token when one is sent (documented as optional). */
export const ROUTE_OPTIONAL_BEARER = 'orion:route-optional-bearer';

/**
 * No authentication: the global guards let the request through untouched. Defined here rather
 * than in the security library so core routes (health probes) can be public without depending on it.
 * `optionalBearer`: the handler itself uses a bearer token when one comes (sign-out, linking).
 */
export const Public = (options: { optionalBearer?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(ROUTE_AUTHENTICATION, 'public' satisfies RouteAuthentication),
    ...(options.optionalBearer ? [SetMetadata(ROUTE_OPTIONAL_BEARER, true)] : []),
  );

/**
 * What the guards enforce on a handler: its own decorator, else its controller's, else a bearer
 * token. The guards and the OpenAPI documents both ask here, so they cannot disagree.
 */
export function resolveRouteAuthentication(
  reflector: Reflector,
  handler: ReturnType<ExecutionContext['getHandler']>,
  controller: Type,
): RouteAuthentication {
  return (
    reflector.getAllAndOverride<RouteAuthentication | undefined>(ROUTE_AUTHENTICATION, [
      handler,
      controller,
    ]) ?? 'bearer'
  );
}
