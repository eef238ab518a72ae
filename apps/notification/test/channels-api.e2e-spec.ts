import { HttpSink, PushServiceSink } from '@orion/testing';
import { Webhook } from 'standardwebhooks';
import webpush from 'web-push';
import { NotificationServiceUnderTest } from './support/notification-service';

const admin = NotificationServiceUnderTest.admin.id;
const user = NotificationServiceUnderTest.user.id;
const ENDPOINTS = '/api/v1/webhook-endpoints';
const SUBSCRIPTIONS = '/api/v1/push-subscriptions';

describe('webhook endpoints and push subscriptions over HTTP, and delivery through them', () => {
  const vapid = webpush.generateVAPIDKeys();
  let service: NotificationServiceUnderTest;
  let receiver: HttpSink;
  let push: PushServiceSink;

  beforeAll(async () => {
    [receiver, push] = await Promise.all([
      HttpSink.start(),
      PushServiceSink.start({ vapidPublicKey: vapid.publicKey }),
    ]);
    service = await NotificationServiceUnderTest.start({
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      CHANNEL_RATE_LIMIT: '100000/1',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await Promise.all([receiver?.stop(), push?.stop()]);
  });

  describe('/api/v1/webhook-endpoints', () => {
    it('needs a token, and webhooks:manage', async () => {
      expect((await service.call('GET', ENDPOINTS)).statusCode).toBe(401);
      const denied = await service.call('POST', ENDPOINTS, { as: user, body: { url: receiver.url('/x') } });
      expect(denied.statusCode).toBe(403);
    });

    it('shows the secret once, stores it encrypted, rotates and deletes', async () => {
      const created = await service.call('POST', ENDPOINTS, {
        as: admin,
        body: { url: receiver.url('/hooks/api'), description: 'CRM' },
      });
      expect(created.statusCode).toBe(201);
      const endpoint = created.json<{ id: string; secret: string; url: string; enabled: boolean }>();
      expect(endpoint).toEqual(expect.objectContaining({ url: receiver.url('/hooks/api'), enabled: true }));
      expect(endpoint.secret).toMatch(/^whsec_/);

      const [row] = await service.query<{ secret_ciphertext: string }>(
        'SELECT secret_ciphertext FROM webhook_endpoints WHERE id = $1',
        [endpoint.id],
      );
      expect(row!.secret_ciphertext).not.toContain(endpoint.secret.slice(6));

      const read = await service.call('GET', `${ENDPOINTS}/${endpoint.id}`, { as: admin });
      expect(read.statusCode).toBe(200);
      expect(read.json()).not.toHaveProperty('secret');
      const list = await service.call('GET', ENDPOINTS, { as: admin });
      expect(list.json<{ items: Array<{ id: string }> }>().items.map((e) => e.id)).toContain(endpoint.id);
      expect(list.body).not.toContain(endpoint.secret);

      const rotated = await service.call('POST', `${ENDPOINTS}/${endpoint.id}/rotate-secret`, { as: admin });
      expect(rotated.statusCode).toBe(201);
      const renewed = rotated.json<{ secret: string; previousSecretExpiresAt: string | null }>();
      expect(renewed.secret).toMatch(/^whsec_/);
      expect(renewed.secret).not.toBe(endpoint.secret);
      expect(renewed.previousSecretExpiresAt).not.toBeNull();

      const disabled = await service.call('PATCH', `${ENDPOINTS}/${endpoint.id}`, {
        as: admin,
        body: { enabled: false },
      });
      expect(disabled.json()).toEqual(expect.objectContaining({ enabled: false }));

      expect((await service.call('DELETE', `${ENDPOINTS}/${endpoint.id}`, { as: admin })).statusCode).toBe(
        204,
      );
      const gone = await service.call('GET', `${ENDPOINTS}/${endpoint.id}`, { as: admin });
      expect(gone.statusCode).toBe(404);
      expect(gone.json()).toEqual(expect.objectContaining({ code: 'WEBHOOK_ENDPOINT_NOT_FOUND' }));
    });

    it('rejects malformed URLs (400) and URLs carrying credentials (422)', async () => {
      const malformed = await service.call('POST', ENDPOINTS, {
        as: admin,
        body: { url: 'ftp://example.com/x' },
      });
      expect(malformed.statusCode).toBe(400);
      const credentials = await service.call('POST', ENDPOINTS, {
        as: admin,
        body: { url: 'https://user:pass@hooks.example.com/x' },
      });
      expect(credentials.statusCode).toBe(422);
      expect(credentials.json()).toEqual(expect.objectContaining({ code: 'WEBHOOK_URL_REJECTED' }));
    });

    it('delivers a notification sent to the endpoint, signed so the receiver can verify it', async () => {
      const created = await service.call('POST', ENDPOINTS, {
        as: admin,
        body: { url: receiver.url('/hooks/e2e') },
      });
      const endpoint = created.json<{ id: string; secret: string }>();
      const sent = await service.call('POST', '/api/v1/notifications', {
        as: admin,
        body: {
          recipient: { webhookEndpointId: endpoint.id },
          content: { subject: 'Order shipped', text: 'Parcel 42 left' },
        },
      });
      expect(sent.statusCode).toBe(202);
      const request = await receiver.waitForRequest((r) => r.path === '/hooks/e2e');
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const body = new Webhook(endpoint.secret).verify(request.text, headers) as {
        data: Record<string, unknown>;
      };
      expect(body.data).toEqual(
        expect.objectContaining({ subject: 'Order shipped', text: 'Parcel 42 left' }),
      );
    });
  });

  describe('/api/v1/push-subscriptions', () => {
    it('registers a browser, lists it with the VAPID key, and only lets its owner remove it', async () => {
      const browser = push.subscribe();
      const registered = await service.call('POST', SUBSCRIPTIONS, {
        as: user,
        headers: { 'user-agent': 'Firefox/140' },
        body: { endpoint: browser.endpoint, expirationTime: null, keys: browser.keys },
      });
      expect(registered.statusCode).toBe(201);
      const { id } = registered.json<{ id: string }>();

      const mine = await service.call('GET', SUBSCRIPTIONS, { as: user });
      expect(mine.json()).toEqual({
        vapidPublicKey: vapid.publicKey,
        items: [expect.objectContaining({ id, endpoint: browser.endpoint, userAgent: 'Firefox/140' })],
      });
      expect(
        (await service.call('GET', SUBSCRIPTIONS, { as: admin })).json<{ items: unknown[] }>().items,
      ).toEqual([]);
      expect((await service.call('DELETE', `${SUBSCRIPTIONS}/${id}`, { as: admin })).statusCode).toBe(404);
      expect((await service.call('DELETE', `${SUBSCRIPTIONS}/${id}`, { as: user })).statusCode).toBe(204);
      expect(
        (await service.call('GET', SUBSCRIPTIONS, { as: user })).json<{ items: unknown[] }>().items,
      ).toEqual([]);
    });

    it('refuses malformed keys and requests without a token', async () => {
      expect((await service.call('GET', SUBSCRIPTIONS)).statusCode).toBe(401);
      const browser = push.subscribe();
      const bad = await service.call('POST', SUBSCRIPTIONS, {
        as: user,
        body: { endpoint: browser.endpoint, keys: { p256dh: 'AAAA', auth: browser.keys.auth } },
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toEqual(expect.objectContaining({ code: 'PUSH_SUBSCRIPTION_REJECTED' }));
    });

    it("delivers a notification to the user's browser, encrypted so only it can read it", async () => {
      const browser = push.subscribe();
      await service.call('POST', SUBSCRIPTIONS, {
        as: user,
        body: { endpoint: browser.endpoint, keys: browser.keys },
      });
      const sent = await service.call('POST', '/api/v1/notifications', {
        as: admin,
        body: {
          recipient: { userId: user },
          channels: ['PUSH'],
          content: { title: 'Hello', text: 'From the API' },
        },
      });
      expect(sent.statusCode).toBe(202);
      const [notification] = sent.json<{ notifications: Array<{ id: string }> }>().notifications;
      await service.waitForStatus(notification!.id, ['SENT', 'DELIVERED']);
      const received = push.messages().find((m) => m.subscriptionId === browser.id);
      expect(JSON.parse(received!.payload)).toEqual(
        expect.objectContaining({ notificationId: notification!.id, title: 'Hello', body: 'From the API' }),
      );
    });
  });
});
