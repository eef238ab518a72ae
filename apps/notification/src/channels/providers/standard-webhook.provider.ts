import { Webhook } from 'standardwebhooks';
import { Clock, isUuid } from '@orion/core';
import {
  ChannelProvider,
  DeliveryReceipt,
  OutgoingMessage,
  PermanentDeliveryError,
} from '../channel-provider';
import type {
  WebhookEndpointsService,
  WebhookTarget,
} from '../../webhook-endpoints/webhook-endpoints.service';
import type { OutboundHttpClient } from '../outbound/outbound-http.client';
import type { OutboundConfig } from '../outbound/outbound.config';
import { failIfUnsuccessful } from './provider-http';
import { assertTargetUrl } from './target-url';

/** Prefix of every webhook type a caller chose; types without it are the platform's own. */
export const CALLER_TYPE_PREFIX = 'custom.';

/**
 * The envelope's type. Without one in the payload it is "notification". A type a caller put in
 * its payload arrives as "custom.<type>", so no caller can pass its events off as the platform's
 * (e.g. a forged "user.deleted"); the service's own features keep their types unprefixed.
 */
export function webhookType(m: Pick<OutgoingMessage, 'payload' | 'sender'>): string {
  const chosen = typeof m.payload?.type === 'string' && m.payload.type !== '' ? m.payload.type : null;
  if (chosen === null) return 'notification';
  return m.sender.kind === 'platform' ? chosen : `${CALLER_TYPE_PREFIX}${chosen}`;
}

/** The body every webhook receives: Standard Webhooks' {type, timestamp, data} envelope. */
export function webhookBody(m: OutgoingMessage, at: Date): Record<string, unknown> {
  return {
    type: webhookType(m),
    timestamp: at.toISOString(),
    data: {
      notificationId: m.notificationId,
      ...(m.subject !== undefined ? { subject: m.subject } : {}),
      ...(m.title !== undefined ? { title: m.title } : {}),
      text: m.text,
      ...(m.html !== undefined ? { html: m.html } : {}),
      ...(m.payload !== undefined ? { payload: m.payload } : {}),
    },
  };
}

/**
 * The webhook-signature header: one "v1,<base64 HMAC-SHA256>" per secret, space-separated, so a
 * receiver still holding the secret from before a rotation keeps verifying during the overlap.
 */
export function signatures(secrets: string[], id: string, at: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ');
}

/**
 * WEBHOOK: a signed HTTP POST (Standard Webhooks). The recipient is a registered endpoint's id,
 * or a URL with the signing secret in the message. webhook-id is the idempotency key, the same
 * on every retry, so receivers deduplicate by it.
 */
export class StandardWebhookProvider implements ChannelProvider {
  readonly channel = 'WEBHOOK' as const;
  readonly name = 'standard-webhook';

  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly timeoutMs: number,
    private readonly outbound: OutboundConfig,
    private readonly http: OutboundHttpClient,
    private readonly clock: Clock,
  ) {}

  private async targetOf(m: OutgoingMessage): Promise<WebhookTarget> {
    if (isUuid(m.to)) {
      const target = await this.endpointOf(m);
      if (!target) {
        throw new PermanentDeliveryError('the webhook endpoint is unknown, deleted or disabled', {
          code: 'WEBHOOK_ENDPOINT_UNAVAILABLE',
        });
      }
      return target;
    }
    if (!m.secret?.startsWith('whsec_')) {
      throw new PermanentDeliveryError('a webhook URL needs a whsec_ signing secret', {
        code: 'WEBHOOK_SECRET_REQUIRED',
      });
    }
    return { url: m.to, secrets: [m.secret] };
  }

  /**
   * A caller's message reaches only an endpoint of its owner (another owner's counts as unknown);
   * the platform's reach any.
   */
  private async endpointOf(m: OutgoingMessage): Promise<WebhookTarget | null> {
    if (m.sender.kind === 'platform') return this.endpoints.targetOf(m.to, { all: true, ownerId: null });
    if (!m.sender.ownerId) return null;
    return this.endpoints.targetOf(m.to, { all: false, ownerId: m.sender.ownerId });
  }

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    const target = await this.targetOf(m);
    const url = assertTargetUrl(target.url, this.outbound);
    const at = this.clock.now();
    const body = JSON.stringify(webhookBody(m, at));
    const response = await this.http.send(url.toString(), {
      timeoutMs: this.timeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Orion-Webhooks/1.0',
        'webhook-id': m.idempotencyKey,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signatures(target.secrets, m.idempotencyKey, at, body),
      },
      body,
    });
    // 4xx (but 408 and 429) is the receiver refusing this message; 5xx and timeouts are retried.
    failIfUnsuccessful(this.name, response, this.clock.now());
    return { provider: this.name, response: { status: response.status } };
  }
}
