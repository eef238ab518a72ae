import { HttpSink } from '@orion/testing';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import {
  canTransition,
  IllegalStatusTransitionError,
  NOTIFICATION_STATUSES,
} from '../src/notifications/notification-status';
import { NotificationServiceUnderTest } from './support/notification-service';

const admin = NotificationServiceUnderTest.admin.id;
const sampleUser = NotificationServiceUnderTest.user.id;
const NOTIFICATIONS = '/api/v1/notifications';

describe('sending notifications over HTTP', () => {
  let service: NotificationServiceUnderTest;
  let sink: HttpSink;
  let apiKey: string;
  let endpointId: string;

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start();
    sink = await HttpSink.start();
    apiKey = (await service.apiKey(['notifications:send'])).key;
    const endpoint = await service.call('POST', '/api/v1/webhook-endpoints', {
      as: admin,
      body: { url: sink.url('/hooks/orders'), description: 'orders' },
    });
    expect(endpoint.statusCode).toBe(201);
    endpointId = endpoint.json<{ id: string }>().id;
  });

  afterAll(async () => {
    await sink?.stop();
    await service?.stop();
  });

  const webhookSend = (extra: Record<string, unknown> = {}) => ({
    recipient: { webhookEndpointId: endpointId },
    content: { subject: 'Order shipped', text: 'Your order 42 has shipped.', payload: { orderId: 42 } },
    ...extra,
  });

  it('accepts a service send with 202, delivers it and shows the attempt', async () => {
    const response = await service.call('POST', NOTIFICATIONS, { apiKey, body: webhookSend() });
    expect(response.statusCode).toBe(202);
    const body = response.json<{ created: boolean; notifications: Array<{ id: string; channel: string }> }>();
    expect(body.created).toBe(true);
    expect(body.notifications).toHaveLength(1);
    const [{ id, channel }] = body.notifications;
    expect(channel).toBe('WEBHOOK');

    await service.waitForStatus(id, ['SENT']);
    const received = await sink.waitForRequest((r) => r.headers['webhook-id'] === `${id}:WEBHOOK`);
    expect(received.json).toMatchObject({ data: { notificationId: id, text: 'Your order 42 has shipped.' } });

    const detail = await service.call('GET', `${NOTIFICATIONS}/${id}`, { apiKey });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id,
      status: 'SENT',
      attemptCount: 1,
      attempts: [{ attemptNumber: 1, provider: 'standard-webhook', status: 'SUCCEEDED' }],
    });
  });

  it('lets a user holding notifications:send send to a user by id, resolved through the user service', async () => {
    const response = await service.call('POST', NOTIFICATIONS, {
      as: admin,
      body: {
        recipient: { userId: sampleUser },
        channels: ['IN_APP'],
        content: { title: 'Hi', text: 'Welcome' },
      },
    });
    expect(response.statusCode).toBe(202);
    const [notification] = response.json<{ notifications: Array<{ id: string }> }>().notifications;
    const row = await service.waitForStatus(notification.id, ['DELIVERED']);
    expect(row).toMatchObject({ user_id: sampleUser, recipient: sampleUser, caller_id: `user:${admin}` });
  });

  it('refuses a user without notifications:send (403) and a caller with neither key nor token (401)', async () => {
    const body = webhookSend();
    expect((await service.call('POST', NOTIFICATIONS, { as: sampleUser, body })).statusCode).toBe(403);
    expect((await service.call('POST', NOTIFICATIONS, { body })).statusCode).toBe(401);
    const readOnlyKey = (await service.apiKey(['notifications:read'])).key;
    expect((await service.call('POST', NOTIFICATIONS, { apiKey: readOnlyKey, body })).statusCode).toBe(403);
  });

  it('sends once for a repeated idempotency key and answers the repeat with the same notifications (200)', async () => {
    const body = webhookSend({ idempotencyKey: 'order-42-shipped' });
    const first = await service.call('POST', NOTIFICATIONS, { apiKey, body });
    const second = await service.call('POST', NOTIFICATIONS, { apiKey, body });
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(200);
    expect(second.json().created).toBe(false);
    expect(second.json().notifications.map((n: { id: string }) => n.id)).toEqual(
      first.json().notifications.map((n: { id: string }) => n.id),
    );
    const rows = await service.query('SELECT id FROM notifications WHERE idempotency_key = $1', [
      'order-42-shipped',
    ]);
    expect(rows).toHaveLength(1);
  });

  it('creates one notification set for concurrent identical requests', async () => {
    const body = webhookSend({ idempotencyKey: 'concurrent-1', channels: ['WEBHOOK'] });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => service.call('POST', NOTIFICATIONS, { apiKey, body })),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    const ids = new Set(answers.map((a) => a.json().notifications[0].id as string));
    expect(ids.size).toBe(1);
    const rows = await service.query('SELECT id FROM notifications WHERE idempotency_key = $1', [
      'concurrent-1',
    ]);
    expect(rows).toHaveLength(1);
    const [id] = [...ids];
    await service.waitForStatus(id, ['SENT']);
    expect(sink.requests().filter((r) => r.headers['webhook-id'] === `${id}:WEBHOOK`)).toHaveLength(1);
  });

  it('scopes idempotency keys per caller', async () => {
    const otherKey = (await service.apiKey(['notifications:send'])).key;
    const body = webhookSend({ idempotencyKey: 'shared-key' });
    const mine = await service.call('POST', NOTIFICATIONS, { apiKey, body });
    const theirs = await service.call('POST', NOTIFICATIONS, { apiKey: otherKey, body });
    expect([mine.statusCode, theirs.statusCode]).toEqual([202, 202]);
    expect(mine.json().notifications[0].id).not.toBe(theirs.json().notifications[0].id);
  });

  it('answers bad input with problem details, never a 500', async () => {
    const invalid = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: {
        recipient: { userId: 'not-a-uuid' },
        channels: ['FAX'],
        priority: 'asap',
        content: { text: 1 },
      },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers['content-type']).toContain('application/problem+json');
    const fields = invalid.json<{ code: string; errors: Array<{ field: string }> }>();
    expect(fields.code).toBe('VALIDATION_FAILED');
    expect(fields.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['recipient.userId', 'channels', 'priority', 'content.text']),
    );

    const noContent = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: { recipient: { email: 'a@b.co' } },
    });
    expect(noContent.statusCode).toBe(422);
    expect(noContent.json().code).toBe('NOTIFICATION_CONTENT_MISSING');

    const unknownUser = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: { recipient: { userId: '00000000-0000-4000-8000-0000000000ff' }, content: { text: 'x' } },
    });
    expect(unknownUser.statusCode).toBe(422);
    expect(unknownUser.json().code).toBe('RECIPIENT_NOT_FOUND');

    const noPhone = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: { recipient: { email: 'a@b.co' }, channels: ['SMS'], content: { text: 'x' } },
    });
    expect(noPhone.statusCode).toBe(422);
    expect(noPhone.json()).toMatchObject({ code: 'RECIPIENT_ADDRESS_MISSING', channels: ['SMS'] });

    const unsignedWebhook = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: { recipient: { webhookUrl: sink.url('/raw') }, content: { text: 'x' } },
    });
    expect(unsignedWebhook.statusCode).toBe(422);
    expect(unsignedWebhook.json().code).toBe('WEBHOOK_URL_NOT_REGISTERED');

    const badId = await service.call('GET', `${NOTIFICATIONS}/nope`, { apiKey });
    expect(badId.statusCode).toBe(400);
  });

  it('cancels a scheduled notification once, then refuses (409)', async () => {
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
    const sent = await service.call('POST', NOTIFICATIONS, { apiKey, body: webhookSend({ scheduledAt }) });
    expect(sent.statusCode).toBe(202);
    const [notification] = sent.json().notifications;
    expect(notification.status).toBe('SCHEDULED');

    const cancelled = await service.call('POST', `${NOTIFICATIONS}/${notification.id}/cancel`, { apiKey });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'CANCELLED' });
    const again = await service.call('POST', `${NOTIFICATIONS}/${notification.id}/cancel`, { apiKey });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('NOTIFICATION_NOT_CANCELLABLE');
  });

  it('hides a notification from callers who neither sent nor received it nor may read all (404)', async () => {
    const sent = await service.call('POST', NOTIFICATIONS, { apiKey, body: webhookSend() });
    const [{ id }] = sent.json().notifications;
    expect((await service.call('GET', `${NOTIFICATIONS}/${id}`, { as: sampleUser })).statusCode).toBe(404);
    expect((await service.call('POST', `${NOTIFICATIONS}/${id}/cancel`, { as: sampleUser })).statusCode).toBe(
      404,
    );
    expect((await service.call('GET', `${NOTIFICATIONS}/${id}`, { as: admin })).statusCode).toBe(200);
  });

  it('lists notifications with filters for holders of notifications:read only', async () => {
    const page = await service.call('GET', NOTIFICATIONS, {
      as: admin,
      query: { channel: 'IN_APP', userId: sampleUser, limit: '5' },
    });
    expect(page.statusCode).toBe(200);
    const items = page.json<{ items: Array<{ channel: string; userId: string }> }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((n) => n.channel === 'IN_APP' && n.userId === sampleUser)).toBe(true);

    const first = await service.call('GET', NOTIFICATIONS, { as: admin, query: { limit: '2' } });
    const next = first.json<{ nextCursor: string }>().nextCursor;
    expect(next).toEqual(expect.any(String));
    const second = await service.call('GET', NOTIFICATIONS, {
      as: admin,
      query: { limit: '2', cursor: next },
    });
    expect(second.json().items[0].id).not.toBe(first.json().items[0].id);

    expect((await service.call('GET', NOTIFICATIONS, { as: sampleUser })).statusCode).toBe(403);
    expect(
      (await service.call('GET', NOTIFICATIONS, { as: admin, query: { status: 'LOST' } })).statusCode,
    ).toBe(400);
  });

  it("follows the recipient's delivery policy: an opt-out cancels, quiet hours defer, urgent goes at once", async () => {
    await service.query(
      `INSERT INTO user_preferences (user_id, channel, category, enabled, updated_at) VALUES ($1, 'IN_APP', 'MARKETING', false, now())`,
      [admin],
    );
    const hhmm = (offsetMinutes: number) =>
      new Date(Date.now() + offsetMinutes * 60_000).toISOString().slice(11, 16);
    await service.query(
      `INSERT INTO user_delivery_settings (user_id, version, timezone, quiet_hours_start, quiet_hours_end, source_occurred_at, updated_at)
       VALUES ($1, 1, 'UTC', $2, $3, now(), now())`,
      [admin, hhmm(-60), hhmm(120)],
    );
    const sendToAdmin = (extra: Record<string, unknown>) =>
      service.call('POST', NOTIFICATIONS, {
        apiKey,
        body: { recipient: { userId: admin }, channels: ['IN_APP'], content: { text: 'hello' }, ...extra },
      });

    const optedOut = await sendToAdmin({ category: 'MARKETING' });
    expect(optedOut.statusCode).toBe(202);
    const [cancelled] = optedOut.json().notifications;
    expect(cancelled.status).toBe('CANCELLED');
    const [cancelledRow] = await service.query('SELECT last_error FROM notifications WHERE id = $1', [
      cancelled.id,
    ]);
    expect(cancelledRow.last_error).toContain('CHANNEL_DISABLED');

    const quiet = await sendToAdmin({ category: 'ACCOUNT' });
    const [deferred] = quiet.json().notifications;
    expect(deferred.status).toBe('SCHEDULED');
    const [deferredRow] = await service.query<{ scheduled_at: Date }>(
      'SELECT scheduled_at FROM notifications WHERE id = $1',
      [deferred.id],
    );
    expect(deferredRow.scheduled_at.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);

    const urgent = await sendToAdmin({ category: 'ACCOUNT', priority: 'urgent' });
    await service.waitForStatus(urgent.json().notifications[0].id, ['DELIVERED']);
  });

  it('changes status only along the table, refusing a stale or illegal change in the UPDATE itself', async () => {
    const sent = await service.call('POST', NOTIFICATIONS, { apiKey, body: webhookSend() });
    const [{ id }] = sent.json().notifications;
    await service.waitForStatus(id, ['SENT']);
    const repository = service.app.get(NotificationsRepository);
    await expect(repository.transition(id, 'QUEUED')).rejects.toThrow(IllegalStatusTransitionError);
    await expect(repository.transition(id, 'CANCELLED')).rejects.toThrow(IllegalStatusTransitionError);
    const [row] = await service.query('SELECT status FROM notifications WHERE id = $1', [id]);
    expect(row.status).toBe('SENT');

    // Every pair against the database: the guarded UPDATE refuses exactly what the table refuses.
    const refused: string[] = [];
    for (const from of NOTIFICATION_STATUSES) {
      for (const to of NOTIFICATION_STATUSES) {
        // A fresh updated_at keeps the recovery sweep away from the row.
        await service.query('UPDATE notifications SET status = $2, updated_at = now() WHERE id = $1', [
          id,
          from,
        ]);
        const moved = await repository.transition(id, to).then(
          () => true,
          (error: unknown) => {
            if (!(error instanceof IllegalStatusTransitionError)) throw error;
            return false;
          },
        );
        const [after] = await service.query('SELECT status FROM notifications WHERE id = $1', [id]);
        expect(after.status).toBe(moved ? to : from);
        expect(moved).toBe(canTransition(from, to));
        if (!moved) refused.push(`${from}→${to}`);
      }
    }
    expect(refused).toHaveLength(61);
  });
});
