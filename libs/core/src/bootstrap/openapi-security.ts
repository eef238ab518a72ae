import { INestApplication, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import {
  resolveRouteAuthentication,
  ROUTE_OPTIONAL_BEARER,
  RouteAuthentication,
} from '../http/route-authentication';

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'api-key';

type SecurityRequirement = Record<string, string[]>;

/** Alternatives, as OpenAPI reads a list of requirements: any one of them admits the caller. */
const REQUIREMENTS: Record<RouteAuthentication, SecurityRequirement[] | undefined> = {
  bearer: [{ [BEARER_SCHEME]: [] }],
  'api-key': [{ [API_KEY_SCHEME]: [] }],
  'bearer-or-api-key': [{ [BEARER_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }],
  public: undefined,
};
// `{}` is OpenAPI's "no credentials": anyone may call, a bearer token changes what happens.
const OPTIONAL_BEARER: SecurityRequirement[] = [{}, { [BEARER_SCHEME]: [] }];

/**
 * Gives every route the security requirement its guards enforce, read from the same metadata
 * (@Public, @ApiKeyAuth, @BearerOrApiKeyAuth, bearer by default), so a new route cannot be
 * documented as open while guarded or the reverse. Hand-written: Swagger only reads its own decorators.
 */
export function declareRouteSecurity(app: INestApplication): void {
  const reflector = new Reflector();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      // A controller-wide @ApiBearerAuth() would be added to its public routes too.
      Reflect.deleteMetadata(DECORATORS.API_SECURITY, controller);
      for (const handler of routeHandlers(controller)) {
        const mode = resolveRouteAuthentication(reflector, handler, controller);
        const optionalBearer = mode === 'public' && reflector.get<boolean>(ROUTE_OPTIONAL_BEARER, handler);
        const requirements = optionalBearer ? OPTIONAL_BEARER : REQUIREMENTS[mode];
        if (requirements) Reflect.defineMetadata(DECORATORS.API_SECURITY, requirements, handler);
        else Reflect.deleteMetadata(DECORATORS.API_SECURITY, handler);
      }
    }
  }
}

function routeHandlers(controller: Type): Array<(...args: unknown[]) => unknown> {
  const prototype = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
  return new MetadataScanner()
    .getAllMethodNames(prototype)
    .map((name) => prototype[name])
    .filter((handler) => Reflect.hasMetadata(PATH_METADATA, handler));
}
