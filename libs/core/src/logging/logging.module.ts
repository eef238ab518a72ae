import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceConfig } from '../config/service-config';
import { resolveRequestId } from './request-id';

/** Paths never written to logs, whatever a handler or library passes to the logger. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.refreshToken',
  '*.secret',
];

// The middleware layer rewrites req.url while it runs, so match and log the original.
function requestPath(req: IncomingMessage & { originalUrl?: string }): string {
  return req.originalUrl ?? req.url ?? '';
}

/** Structured JSON logs, one line per event, each request's lines carrying its request id. */
@Module({})
export class LoggingModule {
  static forService(config: ServiceConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          // Named wildcard: the router rejects the library's default bare '*'.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.log.level,
            base: { service: config.service },
            genReqId: (req) => resolveRequestId(req),
            // Every line a request causes carries its id as a top-level `requestId`.
            customAttributeKeys: { reqId: 'requestId' },
            quietReqLogger: true,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            // Probes hit health endpoints every few seconds; their lines would drown the rest.
            autoLogging: { ignore: (req) => requestPath(req).startsWith('/health/') },
            serializers: {
              req: (req: { method: string; raw: IncomingMessage }) => ({
                method: req.method,
                url: requestPath(req.raw),
              }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
