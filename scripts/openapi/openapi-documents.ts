/**
 * The OpenAPI documents of the three services, built from their Nest module graphs in preview
 * mode: no provider is instantiated, so nothing connects to PostgreSQL or Redis and no port opens.
 * Configuration comes from .env.example only, so every machine writes the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  API_VERSION,
  buildOpenApiDocument,
  configureRoutes,
  createHttpAdapter,
  loadServiceConfig,
} from '@orion/core';
import type { ServiceName } from '@orion/core';
import { AuthModule } from '../../apps/auth/src/auth.module';
import { loadAuthConfig } from '../../apps/auth/src/config/auth.config';
import { NotificationModule } from '../../apps/notification/src/notification.module';
import { UserModule } from '../../apps/user/src/user.module';
import { sortedKeys } from './sorted-keys';

export const ROOT = resolve(__dirname, '..', '..');
export const OPENAPI_DIR = join(ROOT, 'openapi');
export const DOCUMENTED_SERVICES = ['auth', 'user', 'notification'] as const satisfies readonly ServiceName[];

export function documentPath(service: ServiceName): string {
  return join(OPENAPI_DIR, `${service}.json`);
}

function exampleEnvironment(): NodeJS.ProcessEnv {
  return parseEnv(readFileSync(join(ROOT, '.env.example'), 'utf8'));
}

function rootModule(service: ServiceName, env: NodeJS.ProcessEnv): DynamicModule {
  const config = loadServiceConfig(service, env);
  switch (service) {
    case 'auth':
      return AuthModule.forRoot(config, loadAuthConfig(env));
    case 'user':
      return UserModule.forRoot(config);
    case 'notification':
      return NotificationModule.forRoot(config);
  }
}

/** Builds the application without listening, as createServiceApp routes it, and documents it. */
export async function buildServiceDocument(service: ServiceName): Promise<OpenAPIObject> {
  const app: INestApplication = await NestFactory.create(
    rootModule(service, exampleEnvironment()),
    createHttpAdapter(),
    {
      preview: true,
      abortOnError: false,
      logger: false,
    },
  );
  try {
    configureRoutes(app);
    return buildOpenApiDocument(app, service, `${API_VERSION}.0`);
  } finally {
    await app.close();
  }
}

/** Plain JSON with every object's keys sorted, so the file changes only when the API does. */
export function canonicalDocument(document: OpenAPIObject): unknown {
  return sortedKeys(JSON.parse(JSON.stringify(document)));
}
