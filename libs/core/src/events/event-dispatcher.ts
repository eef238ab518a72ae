import { Logger } from '@nestjs/common';
import type { EventContract } from '@orion/contracts';
import type Redis from 'ioredis';
import type { Logger as PinoInstance } from 'pino';
import { runInRequestContext } from '../context/request-context';
import type { RedisNamespace } from '../redis/redis-namespace';
import type { TrustedKeyring } from '../transport/message-signing';
import { deadLetterStreamName, decodeStreamEntry, requestIdOf, StoredEvent } from './event-stream';
import { verifyEvent } from './event-verification';
import type { Inbox } from './inbox.repository';
import type { EventHandler } from './on-event.decorator';
import { describeInvalidFields, validateEventPayload } from './payload-validation';

/** One handler of one event; `consumer` is its key in the inbox. */
export interface EventSubscription {
  contract: EventContract<unknown>;
  consumer: string;
  handler: EventHandler<unknown>;
}

export interface DispatcherOptions {
  /** The consumer group: the consuming service. */
  group: string;
  redis: Redis;
  namespace: RedisNamespace;
  inbox: Inbox;
  /** Handlers by stream name. */
  subscriptions: Map<string, EventSubscription[]>;
  maxDeliveries: number;
  streamMaxLength: number;
  /** The producers' public keys: an event counts only with a valid signature of its producer. */
  keyring: TrustedKeyring;
  rootLogger?: PinoInstance;
}

/**
 * Handles one stream message: decode, validate, run every handler of the stream through the
 * inbox inside the producer's request context, then acknowledge. A failure leaves the message
 * pending for redelivery until its last allowed delivery, which dead-letters it.
 */
export class EventDispatcher {
  private readonly logger = new Logger('EventConsumer');

  constructor(private readonly options: DispatcherOptions) {}

  async dispatch(stream: string, entryId: string, fields: string[], delivery: number): Promise<void> {
    if (delivery > this.options.maxDeliveries) {
      // Delivered that often without an acknowledgement: it may be what crashes the consumer.
      const reason = `delivered ${delivery - 1} times without being acknowledged`;
      return this.reject(stream, entryId, fields, reason);
    }
    const decoded = decodeStreamEntry(fields);
    if (!decoded.ok) return this.reject(stream, entryId, fields, `malformed entry: ${decoded.reason}`);
    const event = decoded.event;
    const refusal = verifyEvent(stream, event, this.options.keyring, this.options.namespace);
    if (refusal) return this.reject(stream, entryId, fields, `refused: ${refusal}`, event);
    const subscriptions = this.options.subscriptions.get(stream) ?? [];
    const payloads: unknown[] = [];
    for (const subscription of subscriptions) {
      const validated = validateEventPayload(subscription.contract, event.payload);
      if (!validated.ok) {
        const reason = `invalid payload: ${describeInvalidFields(validated.errors)}`;
        return this.reject(stream, entryId, fields, reason, event);
      }
      payloads.push(validated.payload);
    }
    const requestId = requestIdOf(event.meta);
    const logger = this.options.rootLogger && {
      root: this.options.rootLogger,
      bindings: { event: event.name, eventId: event.id, from: event.meta.producer },
    };
    await runInRequestContext(
      requestId,
      () => this.handle(stream, entryId, fields, delivery, event, requestId, payloads),
      logger,
    );
  }

  private async handle(
    stream: string,
    entryId: string,
    fields: string[],
    delivery: number,
    event: StoredEvent,
    requestId: string,
    payloads: unknown[],
  ): Promise<void> {
    const startedAt = performance.now();
    const subscriptions = this.options.subscriptions.get(stream) ?? [];
    let handled = 0;
    try {
      for (const [index, subscription] of subscriptions.entries()) {
        const ran = await this.options.inbox.runOnce(subscription.consumer, event, (tx) =>
          Promise.resolve(
            subscription.handler(payloads[index], {
              eventId: event.id,
              name: event.name,
              occurredAt: event.occurredAt,
              requestId,
              producer: event.meta.producer,
              tx,
            }),
          ),
        );
        if (ran) handled += 1;
      }
    } catch (error) {
      const { maxDeliveries } = this.options;
      // The request context's logger already binds event, eventId and from to every line.
      const line = { delivery, maxDeliveries, error: (error as Error).message };
      this.logger.error(line, 'event handler failed');
      if (delivery >= maxDeliveries) {
        await this.deadLetter(stream, entryId, fields, `handler failed ${delivery} times: ${line.error}`);
      }
      return;
    }
    await this.options.redis.xack(stream, this.options.group, entryId);
    const outcome =
      handled === subscriptions.length ? 'handled' : handled === 0 ? 'duplicate' : 'partly duplicate';
    const durationMs = Math.round(performance.now() - startedAt);
    this.logger.log({ delivery, outcome, durationMs }, 'event handled');
  }

  /** A message no retry can fix: kept aside for a person, and acknowledged. */
  private async reject(
    stream: string,
    entryId: string,
    fields: string[],
    reason: string,
    event?: StoredEvent,
  ): Promise<void> {
    this.logger.error({ stream, entryId, eventId: event?.id, reason }, 'event rejected');
    await this.deadLetter(stream, entryId, fields, reason);
  }

  /** Copies the entry to the service's dead-letter stream, then acknowledges it. */
  async deadLetter(stream: string, entryId: string, fields: string[], reason: string): Promise<void> {
    const { redis, namespace, group, streamMaxLength } = this.options;
    await redis.xadd(
      deadLetterStreamName(namespace, group),
      'MAXLEN',
      '~',
      String(streamMaxLength),
      '*',
      'stream',
      stream,
      'entryId',
      entryId,
      'reason',
      reason,
      ...fields,
    );
    await redis.xack(stream, group, entryId);
    this.logger.error({ stream, entryId, reason }, 'event dead-lettered');
  }
}
