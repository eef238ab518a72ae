import { randomUUID } from 'node:crypto';
import type { Serializer } from '@nestjs/microservices';
import { SYSTEM_CLOCK } from '../clock/clock';
import { currentRequestId } from '../context/request-context';
import { isAcceptableRequestId } from '../logging/request-id';
import type { MessageSigner, SignedFields } from './message-signing';

/**
 * What travels beside a business payload, never inside it. On the wire a request is
 * `{ "id", "pattern", "data": <payload>, "meta": MessageMeta }`; replies keep Nest's shape
 * `{ "id", "response" | "err", "isDisposed", "meta": ReplyMeta }` with `err` an RFC 9457
 * problem document. Both are signed by the service that sends them (message-signing.ts).
 */
export interface MessageMeta {
  /** The request id of the HTTP request (or job) that started the chain. */
  requestId: string;
  /** The service that sent the message. */
  from: string;
  /** 1 for the first try, 2 and up for retries of an idempotent call. */
  attempt: number;
  /** ISO 8601 time the message left the sender. */
  sentAt: string;
  /** Unique per message (each retry is a new one): what replay protection remembers. */
  messageId?: string;
  /** The sender's key that made `signature`. */
  kid?: string;
  /** Ed25519 over the pattern, payload, sender, message id, time and the fields above. */
  signature?: string;
}

/** The fields a sender fills in; the serializer adds the message id and the signature. */
export type UnsignedMeta = Pick<MessageMeta, 'requestId' | 'attempt'> & Partial<MessageMeta>;

/** A payload and its metadata on their way out; the serializer puts them side by side. */
export class OutgoingMessage<T = unknown> {
  constructor(
    readonly payload: T,
    readonly meta: UnsignedMeta,
  ) {}
}

/** What a command's signature covers, from the pattern and the envelope. */
export function commandSignedFields(pattern: string, payload: unknown, meta: MessageMeta): SignedFields {
  return {
    kind: 'command',
    name: pattern,
    producer: meta.from,
    messageId: meta.messageId ?? '',
    timestamp: meta.sentAt,
    kid: meta.kid ?? '',
    body: { payload: payload ?? null, requestId: meta.requestId, attempt: meta.attempt },
  };
}

/**
 * Client-side serializer: `data` carries only the payload, `meta` the envelope, signed with
 * this service's key. Every command any service sends goes through here, so a new pattern
 * is signed without anyone doing anything for it.
 */
export class EnvelopeSerializer implements Serializer {
  constructor(
    private readonly signer: MessageSigner,
    private readonly now: () => Date = () => SYSTEM_CLOCK.now(),
  ) {}

  serialize(packet: { id?: string; pattern: unknown; data: unknown }): object {
    const outgoing = packet.data instanceof OutgoingMessage ? packet.data : undefined;
    // Sent through the raw proxy: still tag it with the chain it belongs to.
    const given: UnsignedMeta = outgoing?.meta ?? {
      requestId: currentRequestId() ?? randomUUID(),
      attempt: 1,
    };
    const payload = outgoing ? outgoing.payload : packet.data;
    const meta: MessageMeta = {
      requestId: given.requestId,
      from: this.signer.producer,
      attempt: given.attempt,
      sentAt: given.sentAt ?? this.now().toISOString(),
      messageId: randomUUID(),
      kid: this.signer.kid,
    };
    const pattern = String(packet.pattern);
    const fields = commandSignedFields(pattern, payload, meta);
    meta.signature = this.signer.sign(fields);
    return { ...packet, data: payload, meta };
  }
}

/** The metadata of a received message, with a fresh request id when it has none or a bad one. */
export function readMeta(raw: unknown): MessageMeta {
  const meta = (raw as { meta?: Partial<MessageMeta> } | null)?.meta ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    requestId: isAcceptableRequestId(meta.requestId) ? meta.requestId : randomUUID(),
    from: typeof meta.from === 'string' && /^[a-z-]{1,32}$/.test(meta.from) ? meta.from : 'unknown',
    attempt: typeof meta.attempt === 'number' ? meta.attempt : 1,
    sentAt: typeof meta.sentAt === 'string' ? meta.sentAt : '',
    ...(text(meta.messageId) && { messageId: text(meta.messageId) }),
    ...(text(meta.kid) && { kid: text(meta.kid) }),
    ...(text(meta.signature) && { signature: text(meta.signature) }),
  };
}
