import { DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { registerCookies } from '../http/cookies';
import { trackRouteMethods } from '../http/route-methods';
import { ConfigurationError, loadServiceConfig, ServiceConfig, ServiceName } from '../config/service-config';
import { REQUEST_ID_HEADER, resolveRequestId } from '../logging/request-id';
import { connectTransport, ConnectTransportOptions } from '../transport/connect-transport';
import { registerCors } from './cors';
import { API_VERSION, configureRoutes } from './http-routes';
import { setUpOpenApi } from './openapi';

/**
 * Fastify with Orion's request ids (taken from X-Request-Id when safe, echoed on every reply)
 * and a table of each path's methods, so a wrong method answers 405 rather than 404.
 */
export function createHttpAdapter(options: { trustProxy?: boolean | number | string } = {}): FastifyAdapter {
  const adapter = new FastifyAdapter({
    genReqId: (req: IncomingMessage) => resolveRequestId(req),
    bodyLimit: 1024 * 1024,
    // request.ip comes from X-Forwarded-For only through the proxies named here (TRUST_PROXY).
    trustProxy: options.trustProxy ?? false,
  });
  const instance = adapter.getInstance();
  trackRouteMethods(instance);
  instance.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  return adapter;
}

/**
 * Creates the HTTP application of a service: Fastify, versioned REST, OpenAPI, request ids, CORS.
 * Tests that run apps in-process turn OpenAPI off: Swagger UI's static assets do not load under Jest.
 *
 * Bodies are JSON only: without Nest's body parsers (bodyParser: false) Fastify keeps just its own
 * JSON parser once text/plain is removed, and answers any other type 415. Form and text bodies
 * are what a page on another site can send without a preflight, and no route takes one (the
 * social sign-in callback is a GET with query parameters).
 */
export async function createServiceApp(
  config: ServiceConfig,
  rootModule: DynamicModule,
  options: { openApi?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = createHttpAdapter({ trustProxy: config.http.trustProxy });
  adapter.getInstance().removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  await registerCors(app, config);
  await registerCookies(app);
  configureRoutes(app);
  app.enableShutdownHooks();
  // DOCS_ENABLED: off in production unless asked for, so the API's map is not public by default.
  if ((options.openApi ?? true) && config.http.docsEnabled) setUpOpenApi(app, config, `${API_VERSION}.0`);
  return app;
}

/**
 * Entry point of every service process: validate configuration (stopping with a message that
 * names each bad variable), build the app, listen on HTTP, then receive messages on the Redis
 * transport (HTTP first, so health probes answer while the transport connects).
 */
export async function runService(
  service: ServiceName,
  rootModule: (config: ServiceConfig) => DynamicModule,
  transport: ConnectTransportOptions = {},
): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadServiceConfig(service);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`orion-${service} cannot start. ${error.message}\n`);
    process.exit(1);
  }
  try {
    const app = await createServiceApp(config, rootModule(config));
    await app.listen(config.http.port, config.http.host);
    app.get(Logger).log(`orion-${service} listening on ${config.http.host}:${config.http.port}`, 'Bootstrap');
    await connectTransport(app, config, transport);
  } catch (error) {
    process.stderr.write(`orion-${service} failed to start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
}
