import type { LightMyRequestResponse } from 'fastify';
import { NotificationServiceUnderTest } from './support/notification-service';

const admin = NotificationServiceUnderTest.admin.id;
const NOTIFICATIONS = '/api/v1/notifications';
const BATCHES = '/api/v1/notification-batches';

/**
 * An idempotency key stands for one request: repeating that request replays its answer, while
 * another request under the same key is refused (409) instead of silently answered with the first.
 */
describe('an idempotency key reused with a different request', () => {
  let service: NotificationServiceUnderTest;
  let apiKey: string;

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start({}, { seed: true });
    apiKey = (await service.apiKey(['notifications:send', 'notifications:read'])).key;
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
  });

  const inbox = (text: string, idempotencyKey: string) => ({
    recipient: { userId: admin },
    channels: ['IN_APP'],
    content: { title: 'Order', text },
    idempotencyKey,
  });

  const expectReused = (response: LightMyRequestResponse, key: string) => {
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', idempotencyKey: key });
  };

  const idsOf = (response: LightMyRequestResponse) =>
    response.json<{ notifications: Array<{ id: string }> }>().notifications.map((n) => n.id);

  it('replays the same send (in any key order) and refuses a different one under the key with 409', async () => {
    const first = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: inbox('Order 1 shipped', 'order-1'),
    });
    expect(first.statusCode).toBe(202);

    const reordered = {
      idempotencyKey: 'order-1',
      content: { text: 'Order 1 shipped', title: 'Order' },
      channels: ['IN_APP'],
      recipient: { userId: admin },
    };
    const same = await service.call('POST', NOTIFICATIONS, { apiKey, body: reordered });
    expect(same.statusCode).toBe(200);
    expect(idsOf(same)).toEqual(idsOf(first));

    const other = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: inbox('Order 2 shipped', 'order-1'),
    });
    expectReused(other, 'order-1');
    const rows = await service.query<{ body: string }>(
      'SELECT body FROM notifications WHERE idempotency_key = $1',
      ['order-1'],
    );
    expect(rows).toEqual([{ body: 'Order 1 shipped' }]);

    // Keys belong to their caller: another caller's key of the same name is a new send.
    const elsewhere = await service.call('POST', NOTIFICATIONS, {
      as: admin,
      body: inbox('Mine', 'order-1'),
    });
    expect(elsewhere.statusCode).toBe(202);
  });

  it('answers concurrent requests under one key: one is sent, its twins replay it, the others get 409', async () => {
    const bodies = ['A', 'B', 'A', 'B', 'A', 'B'].map((text) => inbox(text, 'race-1'));
    const answers = await Promise.all(
      bodies.map((body) => service.call('POST', NOTIFICATIONS, { apiKey, body })),
    );
    const rows = await service.query<{ body: string }>(
      'SELECT body FROM notifications WHERE idempotency_key = $1',
      ['race-1'],
    );
    expect(rows).toHaveLength(1);
    const winner = rows[0]!.body;
    answers.forEach((answer, index) => {
      if (bodies[index]!.content.text === winner) expect([200, 202]).toContain(answer.statusCode);
      else expectReused(answer, 'race-1');
    });
    expect(answers.filter((a) => a.statusCode === 202)).toHaveLength(1);
  });

  it('replays the same batch (recipients in another order) and refuses a different one with 409', async () => {
    const batch = (name: string, recipients: string[]) => ({
      name,
      template: { key: 'account.welcome' },
      channels: ['IN_APP'],
      recipients,
      variables: { signInUrl: 'https://app.orion.test/sign-in' },
      idempotencyKey: 'welcome-1',
    });
    const other = NotificationServiceUnderTest.user.id;
    const first = await service.call('POST', BATCHES, { apiKey, body: batch('Welcome', [admin, other]) });
    expect(first.statusCode).toBe(202);
    const same = await service.call('POST', BATCHES, { apiKey, body: batch('Welcome', [other, admin]) });
    expect(same.statusCode).toBe(200);
    expect(same.json().id).toBe(first.json().id);

    expectReused(
      await service.call('POST', BATCHES, { apiKey, body: batch('Welcome again', [admin, other]) }),
      'welcome-1',
    );
    const names = await service.query('SELECT name FROM notification_batches');
    expect(names).toEqual([{ name: 'Welcome' }]);
  });
});
