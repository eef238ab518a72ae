import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public, resolveRouteAuthentication, ROUTE_AUTHENTICATION, RouteAuthentication } from '@orion/core';

export { Public };
export type { RouteAuthentication };

/** Service-to-service route: the caller presents X-API-Key instead of a bearer token. */
export const ApiKeyAuth = () => SetMetadata(ROUTE_AUTHENTICATION, 'api-key' satisfies RouteAuthentication);

/** A route for users and services alike: X-API-Key when the request carries one, a bearer token otherwise. */
export const BearerOrApiKeyAuth = () =>
  SetMetadata(ROUTE_AUTHENTICATION, 'bearer-or-api-key' satisfies RouteAuthentication);

export function routeAuthentication(reflector: Reflector, context: ExecutionContext): RouteAuthentication {
  return resolveRouteAuthentication(reflector, context.getHandler(), context.getClass());
}
