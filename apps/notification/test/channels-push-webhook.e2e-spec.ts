import { randomUUID } from 'node:crypto';
import { HttpSink, PushServiceSink } from '@orion/testing';
import { Webhook } from 'standardwebhooks';
import webpush from 'web-push';
import {
  DeliveryReceipt,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '../src/channels/channel-provider';
import { PushSubscriptionsService } from '../src/push-subscriptions/push-subscriptions.service';
import { WebhookEndpointsService } from '../src/webhook-endpoints/webhook-endpoints.service';
import { ChannelsHarness } from './support/channels-harness';

const headersOf = (request: { headers: Record<string, string | string[] | undefined> }) =>
  Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));

describe('PUSH, WEBHOOK, SLACK and DISCORD channels against real receivers', () => {
  const vapid = webpush.generateVAPIDKeys();
  let push: PushServiceSink;
  let receiver: HttpSink;
  let harness: ChannelsHarness;

  beforeAll(async () => {
    push = await PushServiceSink.start({ vapidPublicKey: vapid.publicKey });
    receiver = await HttpSink.start();
    harness = await ChannelsHarness.start({
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@orion.test',
      CHANNEL_RATE_LIMIT: '1000/1',
      CHANNEL_RATE_LIMITS: 'discord-webhook=3/60',
    });
    // Limits live in Redis and outlast a run: start this one's from zero.
    await harness.redis.del(harness.namespace.key('notification', 'provider-rate', 'discord-webhook'));
  });

  afterAll(async () => {
    await harness?.stop();
    await Promise.all([push.stop(), receiver.stop()]);
  });

  beforeEach(() => receiver.clear());

  describe('PUSH over Web Push', () => {
    it("encrypts the payload for each of the user's subscriptions, signed with our VAPID key", async () => {
      const subscriptions = harness.get(PushSubscriptionsService);
      const userId = randomUUID();
      const phone = push.subscribe();
      const laptop = push.subscribe();
      await subscriptions.register(userId, phone, 'Phone');
      await subscriptions.register(userId, laptop, 'Laptop');

      const m = harness.message({
        channel: 'PUSH',
        to: userId,
        title: 'New sign-in',
        text: 'From Lisbon',
        payload: { url: '/security' },
      });
      const { outcome } = await harness.dispatch(m);

      expect(outcome).toEqual(
        expect.objectContaining({ provider: 'web-push', response: expect.objectContaining({ sent: 2 }) }),
      );
      const received = push.messages().filter((x) => [phone.id, laptop.id].includes(x.subscriptionId));
      expect(received).toHaveLength(2);
      for (const message of received) {
        expect(JSON.parse(message.payload)).toEqual({
          notificationId: m.notificationId,
          title: 'New sign-in',
          body: 'From Lisbon',
          data: { url: '/security' },
        });
        expect(message.vapid).toEqual(
          expect.objectContaining({ publicKey: vapid.publicKey, sub: 'mailto:ops@orion.test' }),
        );
      }
      expect(push.refusals).toEqual([]);
    });

    it('removes a subscription the push service reports gone (410) and fails permanently when none is left', async () => {
      const subscriptions = harness.get(PushSubscriptionsService);
      const userId = randomUUID();
      const browser = push.subscribe();
      await subscriptions.register(userId, browser, null);
      push.expire(browser.id);

      const { reports, outcome } = await harness.dispatch(harness.message({ channel: 'PUSH', to: userId }));
      expect(outcome).toBeInstanceOf(PermanentDeliveryError);
      expect((outcome as PermanentDeliveryError).code).toBe('SUBSCRIPTION_GONE');
      expect(reports).toEqual([expect.objectContaining({ provider: 'web-push', permanent: true })]);
      expect(await subscriptions.list(userId)).toEqual([]);
    });

    it('is transient when the push service answers 503', async () => {
      const subscriptions = harness.get(PushSubscriptionsService);
      const userId = randomUUID();
      await subscriptions.register(userId, push.subscribe(), null);
      push.failAll(503);
      try {
        const { outcome } = await harness.dispatch(harness.message({ channel: 'PUSH', to: userId }));
        expect(outcome).toBeInstanceOf(TransientDeliveryError);
        expect(await subscriptions.list(userId)).toHaveLength(1);
      } finally {
        push.heal();
      }
    });
  });

  describe('WEBHOOK (Standard Webhooks)', () => {
    const owner = randomUUID();
    const mine = { all: false, ownerId: owner } as const;

    it('posts a body whose signature verifies with the endpoint secret, and a tampered one does not', async () => {
      const endpoints = harness.get(WebhookEndpointsService);
      const endpoint = await endpoints.create({ url: receiver.url('/hooks/orion') }, owner);
      expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);

      const m = harness.message({
        channel: 'WEBHOOK',
        to: endpoint.id,
        subject: 'Invoice paid',
        payload: { type: 'invoice.paid', invoiceId: 'in_1' },
      });
      const { outcome } = await harness.dispatch(m);
      expect((outcome as DeliveryReceipt).provider).toBe('standard-webhook');

      const request = await receiver.waitForRequest((r) => r.path === '/hooks/orion');
      const headers = headersOf(request);
      expect(headers['webhook-id']).toBe(m.idempotencyKey);
      const verified = new Webhook(endpoint.secret).verify(request.text, headers) as Record<string, unknown>;
      expect(verified).toEqual(
        expect.objectContaining({
          type: 'invoice.paid',
          data: expect.objectContaining({
            notificationId: m.notificationId,
            subject: 'Invoice paid',
            text: m.text,
          }),
        }),
      );
      const tampered = request.text.replace('Invoice paid', 'Invoice void');
      expect(() => new Webhook(endpoint.secret).verify(tampered, headers)).toThrow();
      const otherSecret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
      expect(() => new Webhook(otherSecret).verify(request.text, headers)).toThrow();
    });

    it('signs with both the new and the old secret after a rotation', async () => {
      const endpoints = harness.get(WebhookEndpointsService);
      const created = await endpoints.create({ url: receiver.url('/hooks/rotated') }, owner);
      const rotated = await endpoints.rotateSecret(created.id, mine);
      expect(rotated.secret).not.toBe(created.secret);

      await harness.dispatch(harness.message({ channel: 'WEBHOOK', to: created.id }));
      const request = await receiver.waitForRequest((r) => r.path === '/hooks/rotated');
      const headers = headersOf(request);
      expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
      expect(() => new Webhook(rotated.secret).verify(request.text, headers)).not.toThrow();
      expect(() => new Webhook(created.secret).verify(request.text, headers)).not.toThrow();
    });

    it('treats 4xx as permanent (sent once), 408/429/5xx as transient', async () => {
      const endpoints = harness.get(WebhookEndpointsService);
      const endpoint = await endpoints.create({ url: receiver.url('/hooks/strict') }, owner);
      receiver.respond('/hooks/strict', { status: 422, body: { error: 'unknown event type' } });
      const refused = await harness.dispatch(harness.message({ channel: 'WEBHOOK', to: endpoint.id }));
      expect(refused.outcome).toBeInstanceOf(PermanentDeliveryError);
      expect(refused.reports).toEqual([expect.objectContaining({ errorCode: 'HTTP_422', permanent: true })]);
      expect(receiver.requests().filter((r) => r.path === '/hooks/strict')).toHaveLength(1);

      for (const status of [408, 429, 503]) {
        receiver.respond('/hooks/strict', { status });
        const { outcome } = await harness.dispatch(harness.message({ channel: 'WEBHOOK', to: endpoint.id }));
        expect(outcome).toBeInstanceOf(TransientDeliveryError);
        expect((outcome as TransientDeliveryError).code).toBe(`HTTP_${status}`);
      }
    });

    it('fails permanently for a deleted endpoint without sending anything', async () => {
      const endpoints = harness.get(WebhookEndpointsService);
      const endpoint = await endpoints.create({ url: receiver.url('/hooks/deleted') }, owner);
      await endpoints.remove(endpoint.id, mine);
      const { outcome } = await harness.dispatch(harness.message({ channel: 'WEBHOOK', to: endpoint.id }));
      expect((outcome as PermanentDeliveryError).code).toBe('WEBHOOK_ENDPOINT_UNAVAILABLE');
      expect(receiver.requests()).toHaveLength(0);
    });
  });

  describe('SLACK and DISCORD incoming webhooks', () => {
    it('posts Slack {text, blocks} with a header and escaped mrkdwn', async () => {
      const m = harness.message({
        channel: 'SLACK',
        to: receiver.url('/services/T1/B2/x'),
        title: 'Deploy done',
        text: 'Build <42> & tests green',
      });
      const { outcome } = await harness.dispatch(m);
      expect((outcome as DeliveryReceipt).provider).toBe('slack-webhook');
      const request = await receiver.waitForRequest((r) => r.path === '/services/T1/B2/x');
      expect(request.json).toEqual({
        text: 'Deploy done: Build &lt;42&gt; &amp; tests green',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Deploy done', emoji: true } },
          { type: 'section', text: { type: 'mrkdwn', text: 'Build &lt;42&gt; &amp; tests green' } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: `Notification ${m.notificationId}` }] },
        ],
      });
    });

    it('posts Discord {content, embeds} with wait=true and no mentions, recording the message id', async () => {
      receiver.respond('/api/webhooks/1/abc', { status: 200, body: { id: '112233445566' } });
      const m = harness.message({
        channel: 'DISCORD',
        to: receiver.url('/api/webhooks/1/abc'),
        subject: 'Disk almost full',
        text: '92% used on db-1 @everyone',
      });
      const { outcome } = await harness.dispatch(m);
      expect(outcome).toEqual(
        expect.objectContaining({ provider: 'discord-webhook', providerMessageId: '112233445566' }),
      );
      const request = await receiver.waitForRequest((r) => r.path === '/api/webhooks/1/abc');
      expect(request.query).toEqual({ wait: 'true' });
      expect(request.json).toEqual({
        content: 'Disk almost full',
        embeds: [
          expect.objectContaining({
            title: 'Disk almost full',
            description: '92% used on db-1 @everyone',
            footer: { text: `Notification ${m.notificationId}` },
          }),
        ],
        allowed_mentions: { parse: [] },
      });
    });

    it('respects 429 Retry-After as a transient failure carrying the wait', async () => {
      receiver.respond('/services/limited', {
        status: 429,
        headers: { 'retry-after': '7' },
        body: 'rate_limited',
      });
      const { outcome } = await harness.dispatch(
        harness.message({ channel: 'SLACK', to: receiver.url('/services/limited') }),
      );
      expect(outcome).toBeInstanceOf(TransientDeliveryError);
      expect((outcome as TransientDeliveryError).retryAfterMs).toBe(7000);
    });

    it('holds a provider to its rate limit: beyond it the dispatch fails transiently without a request', async () => {
      const to = receiver.url('/api/webhooks/2/limited');
      const results = [];
      for (let i = 0; i < 4; i++)
        results.push(await harness.dispatch(harness.message({ channel: 'DISCORD', to })));
      // Earlier Discord sends in this file used part of the 3-per-minute budget.
      const limited = results.filter((r) => (r.outcome as TransientDeliveryError).code === 'RATE_LIMITED');
      expect(limited).toHaveLength(2);
      expect(
        await harness.redis.exists(harness.namespace.key('notification', 'provider-rate', 'discord-webhook')),
      ).toBe(1);
      expect(receiver.requests().filter((r) => r.path === '/api/webhooks/2/limited')).toHaveLength(
        4 - limited.length,
      );
      expect((limited[0]!.outcome as TransientDeliveryError).retryAfterMs).toBeGreaterThan(0);
    });
  });
});
