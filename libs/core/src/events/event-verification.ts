import type { RedisNamespace } from '../redis/redis-namespace';
import type { TrustedKeyring } from '../transport/message-signing';
import { eventSignedFields, eventStreamName, StoredEvent } from './event-stream';

/**
 * Why a stream entry does not count, or undefined when it does. The producer's signature, made
 * when the event was written to its outbox, must hold; the event must belong in the stream it
 * was read from (a genuine event copied into another stream would run that stream's handlers);
 * an event named after a service (`user.…`) must come from that service.
 *
 * Unlike commands, no freshness rule: a real event can wait in an outbox or a stream for hours
 * (relay or consumer down, redelivery after a crash, an operator replaying dead letters) and
 * must still count. A replayed copy carries its signed id, which the inbox has already
 * recorded for each consumer, so it changes nothing.
 */
export function verifyEvent(
  stream: string,
  event: StoredEvent,
  keyring: TrustedKeyring,
  namespace: RedisNamespace,
): string | undefined {
  if (eventStreamName(namespace, event.name) !== stream) return `${event.name} does not belong in ${stream}`;
  const producer = event.meta.producer;
  if (!producer) return 'no producer';
  const owner = event.name.split('.')[0]!;
  if (owner !== producer && keyring.producers().includes(owner))
    return `${event.name} is announced by ${owner}, not ${producer}`;
  const verified = keyring.verify(eventSignedFields(event), event.meta.signature);
  return verified.ok ? undefined : verified.reason;
}
