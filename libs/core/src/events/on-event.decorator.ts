import { SetMetadata } from '@nestjs/common';
import type { EventContract } from '@orion/contracts';
import type { EventTransaction } from './event-database';

export const EVENT_HANDLER_METADATA = 'orion:event-handler';

/**
 * What a handler learns about the event besides its payload. `Tx` is the app's transaction type
 * (`EventContext<Tx>`): the inbox hands every handler the app's own transaction client, which
 * libs only know structurally.
 */
export interface EventContext<Tx extends EventTransaction = EventTransaction> {
  eventId: string;
  name: string;
  occurredAt: Date;
  requestId: string;
  producer?: string;
  /**
   * The inbox transaction: write through it so the handler's effect and the record that the
   * event was processed commit together.
   */
  tx: Tx;
}

export type EventHandler<T> = (payload: T, context: EventContext) => Promise<void> | void;

/**
 * Marks a provider method as a durable consumer of an event: it receives every event published
 * while the service was up or down, at least once, and the inbox turns that into exactly one
 * committed effect. The payload is validated against the contract before the method runs.
 */
export const OnEvent = <T>(contract: EventContract<T>): MethodDecorator =>
  SetMetadata(EVENT_HANDLER_METADATA, contract);
