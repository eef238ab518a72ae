import { Inject, Injectable } from '@nestjs/common';
import { EVENT_DATABASE, EventDatabase, EventTransaction } from './event-database';

// A handler's writes share this transaction; it may take longer than Prisma's 5 s default.
const HANDLER_TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * Makes handling idempotent: the event is recorded in processed_events in the same transaction
 * as the handler's own writes, so either both happen or neither, and a second delivery of the
 * same event finds the record and skips the handler.
 */
@Injectable()
export class Inbox {
  constructor(@Inject(EVENT_DATABASE) private readonly database: EventDatabase) {}

  /** Runs `work` unless `consumer` has already processed the event; true when it ran. */
  runOnce(
    consumer: string,
    event: { id: string; name: string },
    work: (tx: EventTransaction) => Promise<void>,
  ): Promise<boolean> {
    return this.database.$transaction(
      async (tx) => {
        // A concurrent copy of the same event waits here on the unique key, then inserts nothing.
        const inserted = await tx.$executeRawUnsafe(
          `INSERT INTO processed_events (consumer, event_id, event_name) VALUES ($1, $2::uuid, $3)
           ON CONFLICT (consumer, event_id) DO NOTHING`,
          consumer,
          event.id,
          event.name,
        );
        if (inserted === 0) return false;
        await work(tx);
        return true;
      },
      { timeout: HANDLER_TRANSACTION_TIMEOUT_MS },
    );
  }
}
