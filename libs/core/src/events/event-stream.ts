import { randomUUID } from 'node:crypto';
import { isAcceptableRequestId } from '../logging/request-id';
import type { RedisNamespace } from '../redis/redis-namespace';
import type { MessageSigner, SignedFields } from '../transport/message-signing';

/** One stream per event name (`<namespace>:events:<name>`), so a consumer reads only what it subscribed to. */
export function eventStreamName(namespace: RedisNamespace, eventName: string): string {
  return namespace.key('events', eventName);
}

/** Where a service puts the messages its consumers gave up on. */
export function deadLetterStreamName(namespace: RedisNamespace, service: string): string {
  return namespace.key('events', 'dead-letter', service);
}

/** What travels beside the payload: who produced the event, in which request chain, signed how. */
export interface EventMeta {
  requestId?: string;
  producer?: string;
  /** The producer's key that made `signature`. */
  kid?: string;
  /** Ed25519 over the name, payload, producer, event id, occurredAt and request id. */
  signature?: string;
}

/** What an event's signature covers. */
export function eventSignedFields(event: StoredEvent): SignedFields {
  return {
    kind: 'event',
    name: event.name,
    producer: event.meta.producer ?? '',
    messageId: event.id,
    timestamp: event.occurredAt.toISOString(),
    kid: event.meta.kid ?? '',
    body: { payload: event.payload ?? null, requestId: event.meta.requestId ?? null },
  };
}

/** An event as the outbox holds it and a stream entry carries it. */
export interface StoredEvent {
  id: string;
  name: string;
  payload: unknown;
  meta: EventMeta;
  occurredAt: Date;
}

/** Field/value pairs of a stream entry, as XADD takes them. */
export function encodeStreamEntry(event: StoredEvent): string[] {
  return [
    'id',
    event.id,
    'name',
    event.name,
    'payload',
    JSON.stringify(event.payload),
    'meta',
    JSON.stringify(event.meta),
    'occurredAt',
    event.occurredAt.toISOString(),
  ];
}

export type DecodedEntry = { ok: true; event: StoredEvent } | { ok: false; reason: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a stream entry back; anything malformed is reported, never thrown. */
export function decodeStreamEntry(fields: string[]): DecodedEntry {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!, fields[i + 1]!);
  const id = values.get('id');
  const name = values.get('name');
  if (!id || !UUID.test(id)) return { ok: false, reason: 'missing or invalid event id' };
  if (!name) return { ok: false, reason: 'missing event name' };
  try {
    const payload: unknown = JSON.parse(values.get('payload') ?? '');
    const meta = JSON.parse(values.get('meta') ?? '{}') as unknown;
    const occurredAt = new Date(values.get('occurredAt') ?? '');
    if (Number.isNaN(occurredAt.getTime())) return { ok: false, reason: 'invalid occurredAt' };
    return { ok: true, event: { id, name, payload, meta: readMeta(meta), occurredAt } };
  } catch {
    return { ok: false, reason: 'payload or meta is not JSON' };
  }
}

function readMeta(meta: unknown): EventMeta {
  if (typeof meta !== 'object' || meta === null) return {};
  const { requestId, producer, kid, signature } = meta as Record<string, unknown>;
  return {
    ...(typeof requestId === 'string' && { requestId }),
    ...(typeof producer === 'string' && { producer }),
    ...(typeof kid === 'string' && { kid }),
    ...(typeof signature === 'string' && { signature }),
  };
}

/** The request id an event's handling runs under: the producer's, when it is safe to log. */
export function requestIdOf(meta: EventMeta): string {
  return isAcceptableRequestId(meta.requestId) ? meta.requestId : randomUUID();
}

/** The event with its producer, key id and signature in `meta` (what the publisher stores). */
export function signEvent(signer: MessageSigner, event: StoredEvent): StoredEvent {
  const meta: EventMeta = { ...event.meta, producer: signer.producer, kid: signer.kid };
  delete meta.signature;
  // Signed in its JSON form, which is what the outbox stores and consumers read back.
  const payload = JSON.parse(JSON.stringify(event.payload ?? null)) as unknown;
  const signed = { ...event, payload, meta };
  meta.signature = signer.sign(eventSignedFields(signed));
  return signed;
}
