import { Logger } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import {
  ChannelProvider,
  DeliveryReceipt,
  OutgoingMessage,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '../channel-provider';
import type { SmtpRelayConfig } from '../channels.config';
import { sha256Hex } from '@orion/core';

// Deliberately simple: the relay is the final judge; this only refuses what can never be delivered.
const EMAIL_ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/** Domain part of the From address, used on the right of the Message-ID. */
function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim() || 'orion.local';
}

/**
 * The same idempotency key always yields the same Message-ID, so a retry or a failover to the
 * secondary relay produces a message that mail systems and recipients can recognise as a repeat.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const digest = sha256Hex(idempotencyKey).slice(0, 40);
  return `<${digest}@${domainOf(from)}>`;
}

/** EMAIL over one SMTP relay (primary or secondary). */
export class SmtpEmailProvider implements ChannelProvider {
  private readonly logger = new Logger(SmtpEmailProvider.name);
  readonly channel = 'EMAIL' as const;
  readonly name: string;
  private readonly transporter: Transporter;

  constructor(
    relay: SmtpRelayConfig,
    private readonly from: string,
    timeoutMs: number,
  ) {
    this.name = relay.name;
    this.transporter = nodemailer.createTransport({
      host: relay.host,
      port: relay.port,
      secure: relay.secure,
      auth: relay.user ? { user: relay.user, pass: relay.password ?? '' } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    if (!EMAIL_ADDRESS.test(m.to)) {
      throw new PermanentDeliveryError('not a valid e-mail address', { code: 'INVALID_ADDRESS' });
    }
    const messageId = messageIdFor(m.idempotencyKey, this.from);
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: m.to,
        subject: m.subject ?? m.title ?? '',
        text: m.text,
        html: m.html,
        messageId,
        headers: { 'X-Orion-Notification-Id': m.notificationId },
      });
      return {
        provider: this.name,
        providerMessageId: info.messageId ?? messageId,
        response: {
          response: info.response,
          accepted: info.accepted?.length ?? 0,
          rejected: info.rejected?.length ?? 0,
        },
      };
    } catch (error) {
      throw this.classify(error as SmtpError);
    }
  }

  /** 5xx replies to the envelope or message are permanent; connection trouble and 4xx are transient. */
  private classify(error: SmtpError): PermanentDeliveryError | TransientDeliveryError {
    const reply = error.responseCode;
    // The relay's reply is about the message and useful to the sender; a socket or TLS error
    // (the relay's address, port, certificate) is not theirs to see, so it goes to the log only.
    if (!reply) this.logger.warn(`${this.name}: ${(error as Error).message ?? 'SMTP failure'}`);
    const message = `${this.name}: ${reply ? (error.response ?? `SMTP ${reply}`) : 'connection failed'}`;
    const details = {
      code: reply ? `SMTP_${reply}` : (error.code ?? 'SMTP_ERROR'),
      response: reply ? { responseCode: reply, command: error.command } : undefined,
    };
    const aboutThisMessage = error.code === 'EENVELOPE' || error.code === 'EMESSAGE';
    if (reply && reply >= 500 && aboutThisMessage) return new PermanentDeliveryError(message, details);
    return new TransientDeliveryError(message, details);
  }

  close(): void {
    this.transporter.close();
  }
}
