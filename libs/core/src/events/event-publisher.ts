import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventContract } from '@orion/contracts';
import { SERVICE_CONFIG, ServiceConfig } from '../config/service-config';
import { currentRequestId } from '../context/request-context';
import type { EventTransaction } from './event-database';
import type { EventMeta } from './event-stream';
import { describeInvalidFields, validateEventPayload } from './payload-validation';

/** A payload that does not satisfy its contract: a bug in the producer, never a user error. */
export class InvalidEventPayloadError extends Error {
  constructor(eventName: string, fields: string) {
    super(`Payload of ${eventName} is invalid (${fields}); fix the producer.`);
    this.name = 'InvalidEventPayloadError';
  }
}

/**
 * Announces an event by writing it to the outbox in the caller's transaction: the event exists
 * exactly when the change it reports is committed. The outbox relay publishes it afterwards.
 */
@Injectable()
export class EventPublisher {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  /** Returns the event id, which consumers use to recognise a repeated delivery. */
  async publish<T>(tx: EventTransaction, contract: EventContract<T>, payload: T): Promise<string> {
    const validated = validateEventPayload(contract, payload);
    if (!validated.ok)
      throw new InvalidEventPayloadError(contract.name, describeInvalidFields(validated.errors));
    const id = randomUUID();
    const requestId = currentRequestId();
    const meta: EventMeta = { ...(requestId && { requestId }), producer: this.config.service };
    await tx.$executeRawUnsafe(
      `INSERT INTO outbox_events (id, name, payload, meta, occurred_at)
       VALUES ($1::uuid, $2, $3::jsonb, $4::jsonb, $5::timestamptz)`,
      id,
      contract.name,
      JSON.stringify(payload),
      JSON.stringify(meta),
      new Date(),
    );
    return id;
  }
}
