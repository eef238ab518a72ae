import { DynamicModule, Module } from '@nestjs/common';
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

/** Structured JSON logs, one line per event, each request's lines carrying its request id. */
@Module({})
export class LoggingModule {
  static forService(config: ServiceConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.log.level,
            base: { service: config.service },
            genReqId: (req) => resolveRequestId(req),
            customAttributeKeys: { reqId: 'requestId' },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            // Probes hit health endpoints every few seconds; their lines would drown the rest.
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({
                method: req.method,
                url: req.url,
              }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
