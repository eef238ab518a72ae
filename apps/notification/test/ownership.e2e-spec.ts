import { randomBytes, randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { NOTIFICATION_BATCH_QUEUE } from '@orion/contracts';
import { HttpSink, PushServiceSink } from '@orion/testing';
import type { Queue } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { assignRole, createUser } from '../../user/test/support/user-factory';
import { DeliveryRecovery } from '../src/delivery/delivery-recovery';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { NotificationServiceUnderTest } from './support/notification-service';

const ENDPOINTS = '/api/v1/webhook-endpoints';
const BATCHES = '/api/v1/notification-batches';
const NOTIFICATIONS = '/api/v1/notifications';
const SUBSCRIPTIONS = '/api/v1/push-subscriptions';
const admin = NotificationServiceUnderTest.admin.id;

/** Who calls: a user (a token for it) or an API key. */
type Caller = { as: string } | { apiKey: string };

interface Endpoint {
  id: string;
  secret: string;
  ownerId: string | null;
}

const headersOf = (request: { headers: Record<string, string | string[] | undefined> }) =>
  Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));

/**
 * Webhook endpoints, batches and push subscriptions belong to an owner: the user, or the owner of
 * the API key. Two users who may send (A and B) and an API key of a third user (C) cannot reach
 * each other's; the administrator (notifications:admin) administers every owner's.
 */
describe('ownership of webhook endpoints, batches and push subscriptions', () => {
  let service: NotificationServiceUnderTest;
  let receiver: HttpSink;
  let push: PushServiceSink;
  let a: string;
  let b: string;
  let c: string;
  let cKey: string;
  let adminKey: string;

  beforeAll(async () => {
    [receiver, push] = await Promise.all([HttpSink.start(), PushServiceSink.start()]);
    service = await NotificationServiceUnderTest.start({ CHANNEL_RATE_LIMIT: '100000/1' }, { seed: true });
    // Support holds notifications:send and notifications:read, not notifications:admin.
    [a, b, c] = await Promise.all([1, 2, 3].map(async () => (await createUser(service.users)).id));
    for (const id of [a, b, c]) await assignRole(service.users, id, 'support');
    // Verified accounts (an API key of an unverified owner does not work).
    await service.users.query(
      `UPDATE users SET status = 'ACTIVE', email_verified_at = now() WHERE id = ANY($1::uuid[])`,
      [[a, b, c]],
    );
    const issued = await service.users.call('POST', '/api/v1/users/me/api-keys', {
      as: c,
      body: {
        name: `c-${randomBytes(3).toString('hex')}`,
        scopes: ['notifications:send', 'notifications:read'],
      },
    });
    expect(issued.statusCode).toBe(201);
    cKey = issued.json<{ key: string }>().key;
    adminKey = (await service.apiKey(['notifications:admin', 'notifications:send', 'notifications:read']))
      .key;
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await Promise.all([receiver?.stop(), push?.stop()]);
  });

  async function endpointOf(caller: Caller, path: string): Promise<Endpoint> {
    const created = await service.call('POST', ENDPOINTS, { ...caller, body: { url: receiver.url(path) } });
    expect(created.statusCode).toBe(201);
    return created.json<Endpoint>();
  }

  const rowOf = async (id: string) =>
    (
      await service.query<{ url: string; secret_ciphertext: string; deleted_at: Date | null }>(
        'SELECT url, secret_ciphertext, deleted_at FROM webhook_endpoints WHERE id = $1',
        [id],
      )
    )[0]!;

  const expectNotFound = (response: { statusCode: number; json: () => unknown }, code: string) =>
    expect([response.statusCode, (response.json() as { code?: string }).code]).toEqual([404, code]);

  describe('webhook endpoints', () => {
    it("B (a user) and C's API key cannot list, read, change, rotate, delete or send to A's endpoint (404)", async () => {
      const endpoint = await endpointOf({ as: a }, '/owned/a');
      const before = await rowOf(endpoint.id);

      for (const intruder of [{ as: b }, { apiKey: cKey }] as Caller[]) {
        const list = await service.call('GET', ENDPOINTS, { ...intruder, query: { limit: '100' } });
        expect(list.statusCode).toBe(200);
        expect(list.json<{ items: Array<{ id: string }> }>().items.map((e) => e.id)).not.toContain(
          endpoint.id,
        );
        const path = `${ENDPOINTS}/${endpoint.id}`;
        expectNotFound(await service.call('GET', path, intruder), 'WEBHOOK_ENDPOINT_NOT_FOUND');
        expectNotFound(
          await service.call('PATCH', path, { ...intruder, body: { url: receiver.url('/stolen') } }),
          'WEBHOOK_ENDPOINT_NOT_FOUND',
        );
        expectNotFound(
          await service.call('POST', `${path}/rotate-secret`, intruder),
          'WEBHOOK_ENDPOINT_NOT_FOUND',
        );
        expectNotFound(await service.call('DELETE', path, intruder), 'WEBHOOK_ENDPOINT_NOT_FOUND');
        const sent = await service.call('POST', NOTIFICATIONS, {
          ...intruder,
          body: {
            recipient: { webhookEndpointId: endpoint.id },
            content: { text: 'forged', payload: { type: 'invoice.paid' } },
          },
        });
        expectNotFound(sent, 'WEBHOOK_ENDPOINT_NOT_FOUND');
      }

      // Nothing changed, nothing was stored for it, nothing arrived.
      expect(await rowOf(endpoint.id)).toEqual(before);
      const stored = await service.query('SELECT id FROM notifications WHERE recipient = $1', [endpoint.id]);
      expect(stored).toHaveLength(0);
      expect(receiver.requests().filter((r) => r.path === '/owned/a' || r.path === '/stolen')).toHaveLength(
        0,
      );
      // A still has it, recorded as its owner.
      const mine = await service.call('GET', `${ENDPOINTS}/${endpoint.id}`, { as: a });
      expect([mine.statusCode, mine.json<Endpoint>().ownerId]).toEqual([200, a]);
    });

    it("an API key's endpoints belong to the key's owner: C's key and C's own token share them, B does not", async () => {
      const endpoint = await endpointOf({ apiKey: cKey }, '/owned/c');
      expect(endpoint.ownerId).toBe(c);
      expect((await service.call('GET', `${ENDPOINTS}/${endpoint.id}`, { as: c })).statusCode).toBe(200);
      expectNotFound(
        await service.call('GET', `${ENDPOINTS}/${endpoint.id}`, { as: b }),
        'WEBHOOK_ENDPOINT_NOT_FOUND',
      );
    });

    it("a notification stored for B that names A's endpoint is never delivered to it", async () => {
      // E.g. accepted before owners were enforced: the provider resolves the endpoint within B's owner.
      const endpoint = await endpointOf({ as: a }, '/owned/a-late');
      const [stored] = await service.app.get(NotificationsRepository).createAll([
        {
          userId: null,
          channel: 'WEBHOOK',
          priority: 'normal',
          type: 'TRANSACTIONAL',
          locale: 'en',
          subject: null,
          body: 'forged',
          data: { category: 'SYSTEM' },
          templateId: null,
          templateVersion: null,
          batchId: null,
          callerId: `user:${b}`,
          ownerId: b,
          idempotencyKey: null,
          correlationId: null,
          scheduledAt: null,
          maxAttempts: 3,
          recipient: endpoint.id,
        },
      ]);
      await service.app.get(DeliveryRecovery).sweep(new Date(Date.now() + 1000));
      const row = await service.waitForStatus(stored!.id, ['FAILED', 'SENT', 'DELIVERED']);
      expect(row.status).toBe('FAILED');
      const [attempt] = await service.query<{ error_code: string }>(
        'SELECT error_code FROM delivery_attempts WHERE notification_id = $1',
        [stored!.id],
      );
      expect(attempt!.error_code).toBe('WEBHOOK_ENDPOINT_UNAVAILABLE');
      expect(receiver.requests().filter((r) => r.path === '/owned/a-late')).toHaveLength(0);
    });

    it("notifications:admin administers every owner's endpoint, as a user and as an API key", async () => {
      const endpoint = await endpointOf({ as: a }, '/owned/a-admin');
      const path = `${ENDPOINTS}/${endpoint.id}`;
      for (const administrator of [{ as: admin }, { apiKey: adminKey }] as Caller[]) {
        const list = await service.call('GET', ENDPOINTS, { ...administrator, query: { limit: '100' } });
        expect(list.json<{ items: Array<{ id: string }> }>().items.map((e) => e.id)).toContain(endpoint.id);
        const read = await service.call('GET', path, administrator);
        expect([read.statusCode, read.json<Endpoint>().ownerId]).toEqual([200, a]);
      }
      const renamed = await service.call('PATCH', path, { as: admin, body: { description: 'checked' } });
      expect(renamed.statusCode).toBe(200);
      const rotated = await service.call('POST', `${path}/rotate-secret`, { apiKey: adminKey });
      expect(rotated.statusCode).toBe(201);
      expect(rotated.json<Endpoint>().ownerId).toBe(a);
      // Administering is not sending: the administrator's sends reach only its own endpoints.
      const sent = await service.call('POST', NOTIFICATIONS, {
        as: admin,
        body: { recipient: { webhookEndpointId: endpoint.id }, content: { text: 'from admin' } },
      });
      expectNotFound(sent, 'WEBHOOK_ENDPOINT_NOT_FOUND');
      expect((await service.call('DELETE', path, { as: admin })).statusCode).toBe(204);
      expect((await rowOf(endpoint.id)).deleted_at).not.toBeNull();
    });

    it('a type the caller puts in the payload arrives namespaced as custom.<type>, signed', async () => {
      const endpoint = await endpointOf({ as: a }, '/owned/a-typed');
      for (const payload of [{ type: 'user.deleted', userId: b }, { orderId: 'o-1' }]) {
        const sent = await service.call('POST', NOTIFICATIONS, {
          as: a,
          body: { recipient: { webhookEndpointId: endpoint.id }, content: { text: 'typed', payload } },
        });
        expect(sent.statusCode).toBe(202);
      }
      const deadline = Date.now() + 15_000;
      while (receiver.requests().filter((r) => r.path === '/owned/a-typed').length < 2) {
        if (Date.now() > deadline) throw new Error('the two webhooks did not arrive');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const types = receiver
        .requests()
        .filter((r) => r.path === '/owned/a-typed')
        .map((r) => (new Webhook(endpoint.secret).verify(r.text, headersOf(r)) as { type: string }).type)
        .sort();
      expect(types).toEqual(['custom.user.deleted', 'notification']);
    });
  });

  describe('batches', () => {
    let batchQueue: Queue;

    beforeAll(() => {
      batchQueue = service.app.get<Queue>(getQueueToken(NOTIFICATION_BATCH_QUEUE));
    });

    /** A's batch, kept PENDING (expansion paused) so that only a cancel can change it. */
    async function pendingBatchOfA(): Promise<string> {
      await batchQueue.pause();
      const created = await service.call('POST', BATCHES, {
        as: a,
        body: {
          name: 'A only',
          template: { key: 'account.welcome' },
          channels: ['IN_APP'],
          recipients: [randomUUID()],
          variables: { signInUrl: 'https://app.orion.test/sign-in' },
        },
      });
      expect(created.statusCode).toBe(202);
      return created.json<{ id: string }>().id;
    }

    const statusOf = async (id: string) =>
      (
        await service.query<{ status: string }>('SELECT status FROM notification_batches WHERE id = $1', [id])
      )[0]!.status;

    afterEach(() => batchQueue.resume());

    it("B and C's API key cannot read, list or cancel A's batch (404); it stays pending", async () => {
      const id = await pendingBatchOfA();
      for (const intruder of [{ as: b }, { apiKey: cKey }] as Caller[]) {
        expectNotFound(await service.call('POST', `${BATCHES}/${id}/cancel`, intruder), 'BATCH_NOT_FOUND');
        expectNotFound(await service.call('GET', `${BATCHES}/${id}`, intruder), 'BATCH_NOT_FOUND');
        const list = await service.call('GET', BATCHES, { ...intruder, query: { limit: '100' } });
        expect(list.json<{ items: Array<{ id: string }> }>().items.map((x) => x.id)).not.toContain(id);
      }
      expect(await statusOf(id)).toBe('PENDING');
      const mine = await service.call('GET', `${BATCHES}/${id}`, { as: a });
      expect([mine.statusCode, mine.json<{ ownerId: string }>().ownerId]).toEqual([200, a]);
    });

    it("notifications:admin reads and cancels another owner's batch", async () => {
      const id = await pendingBatchOfA();
      const list = await service.call('GET', BATCHES, { apiKey: adminKey, query: { limit: '100' } });
      const listed = list.json<{ items: Array<{ id: string; ownerId: string }> }>().items;
      expect(listed.find((x) => x.id === id)?.ownerId).toBe(a);
      const cancelled = await service.call('POST', `${BATCHES}/${id}/cancel`, { as: admin });
      expect([cancelled.statusCode, cancelled.json<{ status: string }>().status]).toEqual([200, 'CANCELLED']);
      expect(await statusOf(id)).toBe('CANCELLED');
    });
  });

  describe('template drafts', () => {
    it('readers (templates:read) see published versions only: no draft in GET, preview of the draft 403', async () => {
      const key = `drafts.${randomBytes(3).toString('hex')}`;
      const unpublished = 'Spring sale: 40% off from 1 April';
      const created = await service.call('POST', '/api/v1/templates', {
        as: admin,
        body: {
          key,
          category: 'MARKETING',
          variables: [],
          content: { en: { EMAIL: { subject: unpublished, text: unpublished } } },
        },
      });
      expect(created.statusCode).toBe(201);

      const read = await service.call('GET', `/api/v1/templates/${key}`, { as: b });
      expect([read.statusCode, read.json<{ draft: unknown }>().draft]).toEqual([200, null]);
      expect(read.body).not.toContain(unpublished);
      for (const body of [{ channel: 'EMAIL', draft: true }, { channel: 'EMAIL' }]) {
        const previewed = await service.call('POST', `/api/v1/templates/${key}/preview`, { as: b, body });
        expect([previewed.statusCode, previewed.json<{ code: string }>().code]).toEqual([
          403,
          'PERMISSION_DENIED',
        ]);
        expect(previewed.body).not.toContain(unpublished);
      }

      // Template managers (the administrator) still see and preview it.
      const managed = await service.call('GET', `/api/v1/templates/${key}`, { as: admin });
      expect(managed.body).toContain(unpublished);
      const managerPreview = await service.call('POST', `/api/v1/templates/${key}/preview`, {
        as: admin,
        body: { channel: 'EMAIL', draft: true },
      });
      expect(managerPreview.json<{ subject: string }>().subject).toBe(unpublished);
    });
  });

  describe('push subscriptions', () => {
    it("B registering A's endpoint is refused (409) and the subscription stays A's, with A's keys", async () => {
      const browserOfA = push.subscribe();
      const registered = await service.call('POST', SUBSCRIPTIONS, {
        as: a,
        body: { endpoint: browserOfA.endpoint, keys: browserOfA.keys },
      });
      expect(registered.statusCode).toBe(201);

      const keysOfB = push.subscribe().keys;
      const takeover = await service.call('POST', SUBSCRIPTIONS, {
        as: b,
        body: { endpoint: browserOfA.endpoint, keys: keysOfB },
      });
      expect([takeover.statusCode, takeover.json<{ code: string }>().code]).toEqual([
        409,
        'PUSH_SUBSCRIPTION_TAKEN',
      ]);

      const rows = await service.query<{ user_id: string; p256dh: string; auth: string }>(
        'SELECT user_id, p256dh, auth FROM push_subscriptions WHERE endpoint = $1',
        [browserOfA.endpoint],
      );
      expect(rows).toEqual([{ user_id: a, p256dh: browserOfA.keys.p256dh, auth: browserOfA.keys.auth }]);
      const listOfB = await service.call('GET', SUBSCRIPTIONS, { as: b });
      expect(listOfB.json<{ items: unknown[] }>().items).toEqual([]);

      // A's own browser re-subscribing still refreshes its keys.
      const refreshed = await service.call('POST', SUBSCRIPTIONS, {
        as: a,
        body: { endpoint: browserOfA.endpoint, keys: keysOfB },
      });
      expect([refreshed.statusCode, refreshed.json<{ id: string }>().id]).toEqual([
        201,
        registered.json<{ id: string }>().id,
      ]);
    });
  });
});
