import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Deserializer, IncomingResponse, Serializer } from '@nestjs/microservices';
import { SYSTEM_CLOCK } from '../clock/clock';
import { isFresh } from './envelope-verification';
import type { MessageSigner, SignedFields, TrustedKeyring } from './message-signing';

/** Who signed a reply, when, and with which key. */
export interface ReplyMeta {
  from: string;
  messageId: string;
  sentAt: string;
  kid: string;
  signature?: string;
}

type ReplyPacket = {
  id?: unknown;
  response?: unknown;
  err?: unknown;
  isDisposed?: unknown;
  status?: unknown;
};

function replySignedFields(packet: ReplyPacket, meta: ReplyMeta): SignedFields {
  return {
    kind: 'reply',
    // Nest's request id: random per request, so a reply answers exactly one request.
    name: String(packet.id ?? ''),
    producer: meta.from,
    messageId: meta.messageId,
    timestamp: meta.sentAt,
    kid: meta.kid,
    body: {
      response: packet.response ?? null,
      err: packet.err ?? null,
      isDisposed: packet.isDisposed ?? null,
      status: packet.status ?? null,
    },
  };
}

/** Server side: every reply leaves signed by the answering service. */
export class ReplySerializer implements Serializer {
  constructor(
    private readonly signer: MessageSigner,
    private readonly now: () => Date = () => SYSTEM_CLOCK.now(),
  ) {}

  serialize(packet: ReplyPacket): object {
    const meta: ReplyMeta = {
      from: this.signer.producer,
      messageId: randomUUID(),
      sentAt: this.now().toISOString(),
      kid: this.signer.kid,
    };
    meta.signature = this.signer.sign(replySignedFields(packet, meta));
    return { ...packet, meta };
  }
}

/**
 * Client side: a reply counts only when the peer the client calls signed it, recently. Anything
 * else is dropped (answered with no request id, which Nest ignores) and logged, so a forged
 * "valid: true" can never answer a credentials check; the real reply or the deadline follows.
 */
export class ReplyDeserializer implements Deserializer<unknown, IncomingResponse> {
  private readonly logger = new Logger('Transport');

  constructor(
    private readonly peer: string,
    private readonly keyring: TrustedKeyring,
    private readonly maxSkewMs: number,
    private readonly now: () => number = () => SYSTEM_CLOCK.now().getTime(),
  ) {}

  deserialize(value: unknown): IncomingResponse {
    const packet = (value ?? {}) as ReplyPacket & { meta?: Partial<ReplyMeta> };
    const meta = packet.meta;
    let reason: string | undefined;
    if (!meta || typeof meta !== 'object') reason = 'unsigned';
    else if (meta.from !== this.peer) reason = `signed by ${String(meta.from)}, not ${this.peer}`;
    else if (typeof meta.sentAt !== 'string' || !isFresh(meta.sentAt, this.maxSkewMs, this.now()))
      reason = 'stale';
    else {
      const verified = this.keyring.verify(replySignedFields(packet, meta as ReplyMeta), meta.signature);
      if (!verified.ok) reason = verified.reason;
    }
    if (reason !== undefined) {
      this.logger.warn({ peer: this.peer, reason }, 'reply refused');
      return { id: undefined as unknown as string, response: undefined, isDisposed: false };
    }
    return {
      id: packet.id as string,
      response: packet.response,
      err: packet.err,
      isDisposed: packet.isDisposed as boolean | undefined,
      status: packet.status as string | undefined,
    } as IncomingResponse;
  }
}
