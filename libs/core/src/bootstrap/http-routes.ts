import { INestApplication, RequestMethod, VersioningType } from '@nestjs/common';
import { OPENAPI_JSON_PATH, OPENAPI_UI_PATH } from './openapi';

export const API_PREFIX = 'api';
export const API_VERSION = '1';

/**
 * `/api/v1/...` for REST, with health probes, well-known URIs and the docs at the root. One
 * place, so the running app and the committed OpenAPI documents (scripts/openapi) agree on paths.
 */
export function configureRoutes(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/*path', method: RequestMethod.ALL },
      // RFC 8615 well-known URIs (e.g. the auth service's JWKS) live at the root.
      { path: '.well-known/*path', method: RequestMethod.ALL },
      { path: OPENAPI_UI_PATH, method: RequestMethod.ALL },
      { path: OPENAPI_JSON_PATH, method: RequestMethod.ALL },
    ],
  });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: API_VERSION });
}
