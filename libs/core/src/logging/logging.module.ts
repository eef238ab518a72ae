import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { DestinationStream, Logger as PinoInstance } from 'pino';
import type { ServiceConfig } from '../config/service-config';
import { runInRequestContext } from '../context/request-context';
import { redactUrl } from './redact-url';
import { resolveRequestId } from './request-id';

/** Paths never written to logs, whatever a handler or library passes to the logger. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-device-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.refreshToken',
  '*.secret',
  '*.apiKey',
  '*.resetUrl',
  '*.oneTimeCode',
  '*.deviceToken',
];

/** The service's root pino logger: message handlers log through children of it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export interface LoggingOptions {
  /** Where lines go; standard output when absent. Tests pass a stream to read them. */
  destination?: DestinationStream;
}

const ALL_ROUTES = [{ path: '{*path}', method: RequestMethod.ALL }];

// The middleware layer rewrites req.url while it runs, so match and log the original.
function requestPath(req: IncomingMessage & { originalUrl?: string }): string {
  return req.originalUrl ?? req.url ?? '';
}

// Puts the request id and client where currentRequestId() and currentClient() find them.
// Fastify copies request.ip (X-Forwarded-For through TRUST_PROXY's proxies) onto the raw request.
function requestContextMiddleware(
  req: IncomingMessage & { ip?: string },
  _res: ServerResponse,
  next: () => void,
): void {
  const userAgent = req.headers['user-agent'];
  runInRequestContext(resolveRequestId(req), next, undefined, {
    ip: req.ip ?? req.socket?.remoteAddress,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : undefined,
  });
}

function createRootLogger(config: ServiceConfig, destination?: DestinationStream): PinoInstance {
  const options = {
    level: config.log.level,
    base: { service: config.service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Structured JSON logs, one line per event, each request's lines carrying its request id. */
@Module({})
export class LoggingModule implements NestModule {
  static forService(config: ServiceConfig, options: LoggingOptions = {}): DynamicModule {
    const root = createRootLogger(config, options.destination);
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // Named wildcard: the router rejects the library's default bare '*'.
          forRoutes: ALL_ROUTES,
          pinoHttp: {
            logger: root,
            genReqId: (req) => resolveRequestId(req),
            // Every line a request causes carries its id as a top-level `requestId`.
            customAttributeKeys: { reqId: 'requestId' },
            quietReqLogger: true,
            // Probes hit health endpoints every few seconds; their lines would drown the rest.
            autoLogging: { ignore: (req) => requestPath(req).startsWith('/health/') },
            serializers: {
              req: (req: { method: string; raw: IncomingMessage }) => ({
                method: req.method,
                url: redactUrl(requestPath(req.raw)),
              }),
            },
          },
        }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: root }],
      exports: [LoggerModule, ROOT_LOGGER],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestContextMiddleware).forRoutes(...ALL_ROUTES);
  }
}
