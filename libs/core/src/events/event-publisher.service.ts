import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EventContract } from '@orion/contracts';
import { Clock, SYSTEM_CLOCK } from '../clock/clock';
import { SERVICE_CONFIG, ServiceConfig } from '../config/service-config';
import { currentRequestId } from '../context/request-context';
import type { EventTransaction } from './event-database';
import { MessageSigner } from '../transport/message-signing';
import { signEvent } from './event-stream';
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
 * The event is signed here, with the service's transport key, so the row the relay copies to
 * Redis already carries a signature nobody without that key can make.
 */
@Injectable()
export class EventPublisher {
  private readonly signer: MessageSigner;

  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Optional() private readonly clock: Clock = SYSTEM_CLOCK,
  ) {
    this.signer = new MessageSigner(config.transport.signingKey);
  }

  /** Returns the event id, which consumers use to recognise a repeated delivery. */
  async publish<T>(tx: EventTransaction, contract: EventContract<T>, payload: T): Promise<string> {
    const validated = validateEventPayload(contract, payload);
    if (!validated.ok)
      throw new InvalidEventPayloadError(contract.name, describeInvalidFields(validated.errors));
    const id = randomUUID();
    const requestId = currentRequestId();
    const occurredAt = this.clock.now();
    const { meta } = signEvent(this.signer, {
      id,
      name: contract.name,
      payload,
      meta: { ...(requestId && { requestId }) },
      occurredAt,
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO outbox_events (id, name, payload, meta, occurred_at)
       VALUES ($1::uuid, $2, $3::jsonb, $4::jsonb, $5::timestamptz)`,
      id,
      contract.name,
      JSON.stringify(payload),
      JSON.stringify(meta),
      occurredAt,
    );
    return id;
  }
}
