import { SetMetadata } from '@nestjs/common';

/**
 * How a route authenticates its caller; a bearer access token unless a decorator says otherwise.
 * `bearer-or-api-key`: users and services alike (X-API-Key when sent, the access token otherwise).
 */
export type RouteAuthentication = 'bearer' | 'api-key' | 'bearer-or-api-key' | 'public';

/** Metadata key read by the authentication guards (see @orion/security). */
export const ROUTE_AUTHENTICATION = 'orion:route-authentication';

/**
 * No authentication: the global guards let the request through untouched. Defined here rather
 * than in the security library so core routes (health probes) can be public without depending on it.
 */
export const Public = () => SetMetadata(ROUTE_AUTHENTICATION, 'public' satisfies RouteAuthentication);
