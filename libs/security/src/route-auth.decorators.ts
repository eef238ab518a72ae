import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/** How a route authenticates its caller; a bearer access token unless a decorator says otherwise. */
export type RouteAuthentication = 'bearer' | 'api-key' | 'public';

const ROUTE_AUTHENTICATION = 'orion:route-authentication';

/** No authentication: the global guards let the request through untouched. */
export const Public = () => SetMetadata(ROUTE_AUTHENTICATION, 'public' satisfies RouteAuthentication);

/** Service-to-service route: the caller presents X-API-Key instead of a bearer token. */
export const ApiKeyAuth = () => SetMetadata(ROUTE_AUTHENTICATION, 'api-key' satisfies RouteAuthentication);

export function routeAuthentication(reflector: Reflector, context: ExecutionContext): RouteAuthentication {
  return (
    reflector.getAllAndOverride<RouteAuthentication | undefined>(ROUTE_AUTHENTICATION, [
      context.getHandler(),
      context.getClass(),
    ]) ?? 'bearer'
  );
}
