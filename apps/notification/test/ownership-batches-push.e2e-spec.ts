import { randomBytes, randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { NOTIFICATION_BATCH_QUEUE } from '@orion/contracts';
import { PushServiceSink } from '@orion/testing';
import type { Queue } from 'bullmq';
import { NotificationServiceUnderTest } from './support/notification-service';
import { Caller, createOwners, expectNotFound } from './support/owner-fixtures';

const BATCHES = '/api/v1/notification-batches';
const SUBSCRIPTIONS = '/api/v1/push-subscriptions';
const admin = NotificationServiceUnderTest.admin.id;

/**
 * Batches belong to an owner (the user, or the API key's owner), push subscriptions to their
 * user, template drafts to the template managers: A's stay out of B's and C's (an API key) reach;
 * the administrator (notifications:admin) administers every owner's batches.
 */
describe('ownership of batches, push subscriptions and template drafts', () => {
  let service: NotificationServiceUnderTest;
  let push: PushServiceSink;
  let a: string;
  let b: string;
  let cKey: string;
  let adminKey: string;

  beforeAll(async () => {
    push = await PushServiceSink.start();
    service = await NotificationServiceUnderTest.start({}, { seed: true });
    ({ a, b, cKey, adminKey } = await createOwners(service));
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await push?.stop();
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
