import { randomUUID } from 'node:crypto';
import type { Serializer } from '@nestjs/microservices';
import { currentRequestId } from '../context/request-context';
import { isAcceptableRequestId } from '../logging/request-id';

/**
 * What travels beside a business payload, never inside it. On the wire a request is
 * `{ "id", "pattern", "data": <payload>, "meta": MessageMeta }`; replies keep Nest's shape
 * `{ "id", "response" | "err", "isDisposed" }` with `err` an RFC 9457 problem document.
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
}

/** A payload and its metadata on their way out; the serializer puts them side by side. */
export class OutgoingMessage<T = unknown> {
  constructor(
    readonly payload: T,
    readonly meta: MessageMeta,
  ) {}
}

/** Client-side serializer: `data` carries only the payload, `meta` the envelope. */
export class EnvelopeSerializer implements Serializer {
  constructor(private readonly from: string) {}

  serialize(packet: { id?: string; pattern: unknown; data: unknown }): object {
    if (packet.data instanceof OutgoingMessage) {
      return { ...packet, data: packet.data.payload, meta: packet.data.meta };
    }
    // Sent through the raw proxy: still tag it with the chain it belongs to.
    const meta: MessageMeta = {
      requestId: currentRequestId() ?? randomUUID(),
      from: this.from,
      attempt: 1,
      sentAt: new Date().toISOString(),
    };
    return { ...packet, meta };
  }
}

/** The metadata of a received message, with a fresh request id when it has none or a bad one. */
export function readMeta(raw: unknown): MessageMeta {
  const meta = (raw as { meta?: Partial<MessageMeta> } | null)?.meta ?? {};
  return {
    requestId: isAcceptableRequestId(meta.requestId) ? meta.requestId : randomUUID(),
    from: typeof meta.from === 'string' && /^[a-z-]{1,32}$/.test(meta.from) ? meta.from : 'unknown',
    attempt: typeof meta.attempt === 'number' ? meta.attempt : 1,
    sentAt: typeof meta.sentAt === 'string' ? meta.sentAt : '',
  };
}
