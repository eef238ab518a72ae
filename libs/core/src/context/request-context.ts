import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger as PinoInstance } from 'pino';
import { storage as loggerStorage, Store as LoggerStore } from 'nestjs-pino/storage';

/** What every piece of work knows about the chain it belongs to. */
export interface RequestContext {
  /** The id of the HTTP request (or job) that started the chain; travels with every message. */
  readonly requestId: string;
  /** The HTTP client's address and user agent, where the work is serving an HTTP request. */
  readonly client?: { ip?: string; userAgent?: string };
}

const contextStorage = new AsyncLocalStorage<RequestContext>();

/** The request id of the work running now, or undefined outside any request or message. */
export function currentRequestId(): string | undefined {
  return contextStorage.getStore()?.requestId;
}

/** The HTTP client behind the work running now (for audit records), if any. */
export function currentClient(): RequestContext['client'] {
  return contextStorage.getStore()?.client;
}

/**
 * Runs `work` as part of the chain `requestId`. With a root logger, every PinoLogger and Nest
 * Logger call inside writes through a child that carries `requestId` (and `bindings`).
 */
export function runInRequestContext<T>(
  requestId: string,
  work: () => T,
  logger?: { root: PinoInstance; bindings?: Record<string, unknown> },
  client?: RequestContext['client'],
): T {
  return contextStorage.run({ requestId, client }, () => {
    if (!logger) return work();
    const child = logger.root.child({ requestId, ...logger.bindings });
    return loggerStorage.run(new LoggerStore(child), work);
  });
}
