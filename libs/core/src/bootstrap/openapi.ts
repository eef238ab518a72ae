import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ServiceConfig } from '../config/service-config';
import { API_KEY_SCHEME, BEARER_SCHEME, declareRouteSecurity } from './openapi-security';

export const OPENAPI_UI_PATH = 'docs';
export const OPENAPI_JSON_PATH = 'docs-json';

/** The OpenAPI document of a service's routes: what /docs-json serves and openapi/<service>.json holds. */
export function buildOpenApiDocument(
  app: INestApplication,
  service: ServiceConfig['service'],
  version: string,
): OpenAPIObject {
  declareRouteSecurity(app);
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Orion ${service} service`)
      .setDescription(`REST API of the Orion ${service} service. Errors are RFC 9457 problem details.`)
      .setVersion(version)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, API_KEY_SCHEME)
      .build(),
  );
}

/** Serves Swagger UI at /docs and the OpenAPI document at /docs-json. */
export function setUpOpenApi(app: INestApplication, config: ServiceConfig, version: string): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, buildOpenApiDocument(app, config.service, version), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
  });
}
