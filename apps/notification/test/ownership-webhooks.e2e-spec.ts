import { eventually, HttpSink } from '@orion/testing';
import { Webhook } from 'standardwebhooks';
import { DeliveryRecoverySweeper } from '../src/delivery/delivery-recovery.sweeper';
import { NotificationServiceUnderTest } from './support/notification-service';
import { Caller, createOwners, expectNotFound, storedWebhook } from './support/owner-fixtures';

const ENDPOINTS = '/api/v1/webhook-endpoints';
const NOTIFICATIONS = '/api/v1/notifications';
const admin = NotificationServiceUnderTest.admin.id;

interface Endpoint {
  id: string;
  secret: string;
  ownerId: string | null;
}

const headersOf = (request: { headers: Record<string, string | string[] | undefined> }) =>
  Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));

/**
 * Webhook endpoints belong to an owner: the user, or the owner of the API key. Two users who may
 * send (A and B) and an API key of a third user (C) cannot reach each other's; the administrator
 * (notifications:admin) administers every owner's, and a caller's webhook type is namespaced.
 */
describe('ownership of webhook endpoints', () => {
  let service: NotificationServiceUnderTest;
  let receiver: HttpSink;
  let a: string;
  let b: string;
  let c: string;
  let cKey: string;
  let adminKey: string;

  beforeAll(async () => {
    receiver = await HttpSink.start();
    service = await NotificationServiceUnderTest.start({ CHANNEL_RATE_LIMIT: '100000/1' });
    ({ a, b, c, cKey, adminKey } = await createOwners(service));
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await receiver?.stop();
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

  it("B (a user) and C's API key cannot list, read, change, rotate, delete or send to A's endpoint (404)", async () => {
    const endpoint = await endpointOf({ as: a }, '/owned/a');
    const before = await rowOf(endpoint.id);

    for (const intruder of [{ as: b }, { apiKey: cKey }] as Caller[]) {
      const list = await service.call('GET', ENDPOINTS, { ...intruder, query: { limit: '100' } });
      expect(list.statusCode).toBe(200);
      expect(list.json<{ items: Array<{ id: string }> }>().items.map((e) => e.id)).not.toContain(endpoint.id);
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
    expect(receiver.requests().filter((r) => r.path === '/owned/a' || r.path === '/stolen')).toHaveLength(0);
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
    const [stored] = await service.storeNotifications([
      storedWebhook(b, { recipient: endpoint.id, body: 'forged' }),
    ]);
    await service.app.get(DeliveryRecoverySweeper).sweep(new Date(Date.now() + 1000));
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
    await eventually(
      () => receiver.requests().filter((r) => r.path === '/owned/a-typed').length >= 2,
      'the two webhooks',
    );
    const types = receiver
      .requests()
      .filter((r) => r.path === '/owned/a-typed')
      .map((r) => (new Webhook(endpoint.secret).verify(r.text, headersOf(r)) as { type: string }).type)
      .sort();
    expect(types).toEqual(['custom.user.deleted', 'notification']);
  });
});
