import type { Clock } from '@orion/core';
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

/** SMS through Twilio's Programmable Messaging REST API (Messages resource, API version 2010-04-01). */
export class TwilioSmsProvider implements ChannelProvider {
  readonly channel = 'SMS' as const;
  readonly name = 'twilio';

  constructor(
    private readonly config: NonNullable<ChannelsConfig['twilio']>,
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {}

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    assertPhoneNumber(m.to);
    const { baseUrl, accountSid, authToken, from } = this.config;
    const url = `${baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const response = await callProvider(url, {
      timeoutMs: this.timeoutMs,
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        // Twilio does not deduplicate on it; it travels for tracing and for proxies that do.
        'idempotency-key': m.idempotencyKey,
      },
      body: new URLSearchParams({ To: m.to, From: from, Body: m.text }).toString(),
    });
    // 401/403 mean our credentials are wrong, not the message: let the next provider try.
    if (response.status === 401 || response.status === 403) {
      throw new TransientDeliveryError(`twilio refused our credentials (${response.status})`, {
        code: `HTTP_${response.status}`,
        response: responseSummary(response),
      });
    }
    failIfUnsuccessful(this.name, response, this.clock.now());
    const body = response.json as { sid?: string; status?: string; error_code?: number | null } | undefined;
    if (!body?.sid) {
      throw new TransientDeliveryError('twilio answered without a message sid', {
        code: 'MALFORMED_RESPONSE',
        response: responseSummary(response),
      });
    }
    if (body.status === 'failed' || body.status === 'undelivered') {
      throw new PermanentDeliveryError(`twilio reported the message ${body.status}`, {
        code: `TWILIO_${body.error_code ?? body.status.toUpperCase()}`,
        response: { sid: body.sid, status: body.status },
      });
    }
    return {
      provider: this.name,
      providerMessageId: body.sid,
      response: { sid: body.sid, status: body.status },
    };
  }
}
