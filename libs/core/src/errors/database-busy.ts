import { HttpStatus } from '@nestjs/common';
import { DomainError } from './domain-error';

/** How long a client is asked to wait before retrying when the database is saturated. */
const RETRY_AFTER_S = 1;

/** Every pooled connection was busy for longer than the wait allowed: overload, not a bug. */
export class DatabaseBusyError extends DomainError {
  readonly code = 'DATABASE_BUSY';
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  readonly retryAfterSeconds = RETRY_AFTER_S;

  constructor() {
    super('The service is handling too many requests right now; retry shortly.');
    this.extensions.retryAfter = RETRY_AFTER_S;
  }
}

// Prisma: P2024 no pool connection in time, P2028 an interactive transaction could not start in
// time; pg-pool (under the Prisma adapter) reports its own connection timeout by message.
const BUSY_CODES = new Set(['P2024', 'P2028']);
const BUSY_MESSAGES = [
  /Unable to start a transaction in the given time/,
  /timeout exceeded when trying to connect/,
];

/** The error as a DatabaseBusyError when it says the pool was exhausted; otherwise unchanged. */
export function asDatabaseBusy(exception: unknown): unknown {
  const code = (exception as { code?: unknown } | null)?.code;
  const message = exception instanceof Error ? exception.message : '';
  const busy =
    (typeof code === 'string' && BUSY_CODES.has(code)) || BUSY_MESSAGES.some((m) => m.test(message));
  return busy ? new DatabaseBusyError() : exception;
}
