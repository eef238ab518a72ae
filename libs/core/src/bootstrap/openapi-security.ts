import { INestApplication, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { ApiProblem } from '../http/openapi-problem';
import {
  resolveRouteAuthentication,
  ROUTE_OPTIONAL_BEARER,
  RouteAuthentication,
} from '../http/route-authentication';

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'api-key';

type SecurityRequirement = Record<string, string[]>;
type GuardedAuthentication = Exclude<RouteAuthentication, 'public'>;

interface Guarded {
  /** Alternatives, as OpenAPI reads a list of requirements: any one of them admits the caller. */
  requirements: SecurityRequirement[];
  /** The 401 the guards answer a call without credentials (codes of @orion/security's errors). */
  missing: { code: string; description: string };
}

const TOKEN_REFUSALS = 'TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED';
const KEY_REFUSALS = 'API_KEY_INVALID, API_KEY_EXPIRED';

const GUARDED: Record<GuardedAuthentication, Guarded> = {
  bearer: {
    requirements: [{ [BEARER_SCHEME]: [] }],
    missing: { code: 'TOKEN_MISSING', description: `No access token (a bad one: ${TOKEN_REFUSALS})` },
  },
  'api-key': {
    requirements: [{ [API_KEY_SCHEME]: [] }],
    missing: { code: 'API_KEY_MISSING', description: `No X-API-Key (a bad one: ${KEY_REFUSALS})` },
  },
  'bearer-or-api-key': {
    requirements: [{ [BEARER_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }],
    missing: {
      code: 'CREDENTIALS_MISSING',
      description: `Neither an access token nor an API key (a bad one: ${TOKEN_REFUSALS}, ${KEY_REFUSALS})`,
    },
  },
};
// `{}` is OpenAPI's "no credentials": anyone may call, a bearer token changes what happens.
const OPTIONAL_BEARER: SecurityRequirement[] = [{}, { [BEARER_SCHEME]: [] }];

/**
 * Gives every route the security requirement its guards enforce and the 401 they answer without
 * credentials, read from the same metadata (@Public, @ApiKeyAuth, @BearerOrApiKeyAuth, bearer by
 * default), so a new route cannot be documented as open while guarded, or the reverse, nor with
 * another route's refusal; leaves methods that are no HTTP route out. Hand-written: Swagger only
 * reads its own decorators.
 */
export function declareRouteSecurity(app: INestApplication): void {
  const reflector = new Reflector();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      // A controller-wide @ApiBearerAuth() would be added to its public routes too.
      Reflect.deleteMetadata(DECORATORS.API_SECURITY, controller);
      for (const [name, handler] of methodsOf(controller)) {
        // Message handlers are not HTTP routes; Swagger would still list their payloads as schemas.
        if (!Reflect.hasMetadata(PATH_METADATA, handler)) {
          Reflect.defineMetadata(DECORATORS.API_EXCLUDE_ENDPOINT, { disable: true }, handler);
          continue;
        }
        const mode = resolveRouteAuthentication(reflector, handler, controller);
        if (mode !== 'public') {
          const { requirements, missing } = GUARDED[mode];
          Reflect.defineMetadata(DECORATORS.API_SECURITY, requirements, handler);
          ApiProblem(401, missing.code, missing.description)(controller.prototype, name, { value: handler });
        } else if (reflector.get<boolean>(ROUTE_OPTIONAL_BEARER, handler)) {
          Reflect.defineMetadata(DECORATORS.API_SECURITY, OPTIONAL_BEARER, handler);
        } else Reflect.deleteMetadata(DECORATORS.API_SECURITY, handler);
      }
    }
  }
}

function methodsOf(controller: Type): Array<[string, (...args: unknown[]) => unknown]> {
  const prototype = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
  return new MetadataScanner().getAllMethodNames(prototype).map((name) => [name, prototype[name]]);
}
