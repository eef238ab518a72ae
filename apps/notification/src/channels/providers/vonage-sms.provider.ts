import { type Clock, sha256Hex } from '@orion/core';
import {
  ChannelProvider,
  DeliveryReceipt,
  OutgoingMessage,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '../channel-provider';
import type { ChannelsConfig } from '../channels.config';
import { callProvider, failIfUnsuccessful, responseSummary } from './provider-http';
import { assertPhoneNumber } from './phone-number';

interface VonageMessage {
  status?: string;
  'message-id'?: string;
  'error-text'?: string;
}

/**
 * Vonage SMS statuses that concern this message rather than the account or the platform:
 * 2 missing parameters, 3 invalid parameters, 6 invalid message, 7 number barred,
 * 15 invalid sender, 22 invalid network code, 29 non-whitelisted destination.
 * Everything else (1 throttled, 4 bad credentials, 5 internal error, 8 account barred,
 * 9 quota exceeded…) is transient: a retry or the next provider may succeed.
 */
const PERMANENT_STATUSES = new Set(['2', '3', '6', '7', '15', '22', '29']);

/** SMS through Vonage's (Nexmo) SMS API: POST {base}/sms/json. */
export class VonageSmsProvider implements ChannelProvider {
  readonly channel = 'SMS' as const;
  readonly name = 'vonage';

  constructor(
    private readonly config: NonNullable<ChannelsConfig['vonage']>,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {}

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    assertPhoneNumber(m.to);
    const { baseUrl, apiKey, apiSecret, from } = this.config;
    const response = await callProvider(`${baseUrl.replace(/\/$/, '')}/sms/json`, {
      timeoutMs: this.timeoutMs,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        api_key: apiKey,
        api_secret: apiSecret,
        from,
        // Vonage takes the number without the leading "+".
        to: m.to.slice(1),
        text: m.text,
        // At most 100 characters; the same key always gives the same reference.
        'client-ref': sha256Hex(m.idempotencyKey).slice(0, 40),
      }).toString(),
    });
    failIfUnsuccessful(this.name, response, this.clock.now());
    const first = (response.json as { messages?: VonageMessage[] } | undefined)?.messages?.[0];
    if (!first?.status) {
      throw new TransientDeliveryError('vonage answered without a message status', {
        code: 'MALFORMED_RESPONSE',
        response: responseSummary(response),
      });
    }
    if (first.status !== '0') {
      const details = {
        code: `VONAGE_${first.status}`,
        response: { status: first.status, error: first['error-text'] },
      };
      const message = `vonage refused the message: ${first['error-text'] ?? first.status}`;
      if (PERMANENT_STATUSES.has(first.status)) throw new PermanentDeliveryError(message, details);
      throw new TransientDeliveryError(message, details);
    }
    return {
      provider: this.name,
      providerMessageId: first['message-id'],
      response: { messageId: first['message-id'], status: first.status },
    };
  }
}
