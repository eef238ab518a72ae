import { type Clock, sha256Base64Url } from '@orion/core';
import webpush from 'web-push';
import {
  ChannelProvider,
  DeliveryReceipt,
  OutgoingMessage,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '../channel-provider';
import type { ChannelsConfig } from '../channels.config';
import type { PushSubscriptionsService } from '../../push-subscriptions/push-subscriptions.service';
import type { OutboundHttpClient } from '../outbound/outbound-http.client';
import type { OutboundConfig } from '../outbound/outbound.config';
import { isTransientStatus, retryAfterMs } from './provider-http';
import { assertTargetUrl } from './target-url';

interface Target {
  /** Null for a subscription handed in with the message rather than registered. */
  id: string | null;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

type Outcome = 'sent' | 'gone' | 'refused' | 'transient';

/** What the service worker receives (decrypted) in its push event. */
export function pushPayload(m: OutgoingMessage): Record<string, unknown> {
  return {
    notificationId: m.notificationId,
    title: m.title ?? m.subject ?? 'Orion',
    body: m.text,
    ...(m.payload !== undefined ? { data: m.payload } : {}),
  };
}

/**
 * PUSH over Web Push (RFC 8030/8291/8292): the payload encrypted with aes128gcm for each of the
 * user's subscriptions, the request signed with our VAPID key. The recipient is the user id (every
 * registered subscription), or any value with a subscription's JSON in `secret`.
 * A subscription the push service reports gone (404/410) is removed at once.
 */
export class WebPushProvider implements ChannelProvider {
  readonly channel = 'PUSH' as const;
  readonly name = 'web-push';

  constructor(
    private readonly vapid: NonNullable<ChannelsConfig['vapid']>,
    private readonly subscriptions: PushSubscriptionsService,
    private readonly timeoutMs: number,
    private readonly outbound: OutboundConfig,
    private readonly http: OutboundHttpClient,
    private readonly clock: Clock,
  ) {}

  private async targetsOf(m: OutgoingMessage): Promise<Target[]> {
    if (m.secret) {
      let given: Partial<Target> = {};
      try {
        given = JSON.parse(m.secret) as Partial<Target>;
      } catch {
        // Falls through to the malformed-subscription error below.
      }
      if (!given.endpoint || !given.keys?.p256dh || !given.keys.auth) {
        throw new PermanentDeliveryError('the push subscription is malformed', {
          code: 'INVALID_SUBSCRIPTION',
        });
      }
      return [{ id: null, endpoint: given.endpoint, keys: given.keys }];
    }
    const registered = await this.subscriptions.deliverableOf(m.to);
    return registered.map((s) => ({
      id: s.id,
      endpoint: s.endpoint,
      keys: { p256dh: s.p256dh, auth: s.auth },
    }));
  }

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    const targets = await this.targetsOf(m);
    if (targets.length === 0) {
      throw new PermanentDeliveryError('the recipient has no push subscription', {
        code: 'NO_PUSH_SUBSCRIPTION',
      });
    }
    const payload = JSON.stringify(pushPayload(m));
    const outcomes: Outcome[] = [];
    let retryAfter: number | undefined;
    for (const target of targets) {
      const { outcome, retryAfterMs: wait } = await this.sendTo(target, payload, m.idempotencyKey);
      outcomes.push(outcome);
      if (wait !== undefined) retryAfter = Math.max(retryAfter ?? 0, wait);
    }
    const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
    const summary = {
      sent: count('sent'),
      gone: count('gone'),
      refused: count('refused'),
      transient: count('transient'),
    };
    if (summary.sent > 0) return { provider: this.name, response: summary };
    if (summary.transient > 0) {
      throw new TransientDeliveryError('no push service accepted the message', {
        code: 'PUSH_SERVICE_UNAVAILABLE',
        response: summary,
        retryAfterMs: retryAfter,
      });
    }
    throw new PermanentDeliveryError(
      summary.gone === outcomes.length
        ? 'every push subscription is gone'
        : 'the push services refused the message',
      { code: summary.gone === outcomes.length ? 'SUBSCRIPTION_GONE' : 'PUSH_REFUSED', response: summary },
    );
  }

  private async sendTo(
    target: Target,
    payload: string,
    idempotencyKey: string,
  ): Promise<{ outcome: Outcome; retryAfterMs?: number }> {
    try {
      assertTargetUrl(target.endpoint, this.outbound);
    } catch {
      // One subscription the policy refuses does not keep the message from the user's others.
      return { outcome: 'refused' };
    }
    const request = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: target.keys },
      payload,
      {
        vapidDetails: this.vapid,
        contentEncoding: 'aes128gcm',
        TTL: 24 * 3600,
        // The same topic on a retry replaces a copy the push service still holds (≤ 32 base64url chars).
        topic: sha256Base64Url(idempotencyKey).slice(0, 32),
      },
    );
    let status: number;
    let headers: Headers | undefined;
    try {
      const response = await this.http.send(request.endpoint, {
        timeoutMs: this.timeoutMs,
        headers: request.headers as Record<string, string>,
        body: request.body,
      });
      status = response.status;
      headers = response.headers;
    } catch (error) {
      // A refused address will not become acceptable on a retry.
      return { outcome: error instanceof PermanentDeliveryError ? 'refused' : 'transient' };
    }
    if (status >= 200 && status < 300) {
      if (target.id) await this.subscriptions.used(target.id);
      return { outcome: 'sent' };
    }
    if (status === 404 || status === 410) {
      if (target.id) await this.subscriptions.forget(target.id);
      return { outcome: 'gone' };
    }
    if (isTransientStatus(status)) {
      return {
        outcome: 'transient',
        retryAfterMs: headers ? retryAfterMs(headers, this.clock.now()) : undefined,
      };
    }
    return { outcome: 'refused' };
  }
}
