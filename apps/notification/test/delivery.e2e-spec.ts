import { eventually, HttpSink, SinkRequest } from '@orion/testing';
import { DeliveryQueuesService } from '../src/delivery/delivery-queues.service';
import { DeliveryRecoverySweeper } from '../src/delivery/delivery-recovery.sweeper';
import { NotificationServiceUnderTest } from './support/notification-service';
import { storedWebhook } from './support/owner-fixtures';

const admin = NotificationServiceUnderTest.admin.id;
const NOTIFICATIONS = '/api/v1/notifications';

// Sent by the administrator, who owns the endpoints this file registers.
const webhook = (fields: Parameters<typeof storedWebhook>[1]) => storedWebhook(admin, fields);

interface Attempt {
  attempt_number: number;
  status: string;
  provider: string;
  error_code: string | null;
  duration_ms: number | null;
}

describe('delivering notifications', () => {
  let service: NotificationServiceUnderTest;
  let sink: HttpSink;
  let apiKey: string;

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start({
      DELIVERY_MAX_ATTEMPTS: '3',
      DELIVERY_CONCURRENCY_URGENT: '1',
      DELIVERY_CONCURRENCY_LOW: '1',
      // The provider's own protections stay out of the way: these tests are about the queue.
      CHANNEL_BREAKER_VOLUME_THRESHOLD: '1000',
      CHANNEL_RATE_LIMIT: '100000/1',
    });
    sink = await HttpSink.start();
    apiKey = (await service.apiKey(['notifications:send'])).key;
  });

  afterAll(async () => {
    await sink?.stop();
    await service?.stop();
  });

  async function endpoint(path: string): Promise<string> {
    const created = await service.call('POST', '/api/v1/webhook-endpoints', {
      as: admin,
      body: { url: sink.url(path), description: path },
    });
    expect(created.statusCode).toBe(201);
    return created.json<{ id: string }>().id;
  }

  async function send(endpointId: string, priority = 'normal'): Promise<string> {
    const response = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: {
        recipient: { webhookEndpointId: endpointId },
        priority,
        content: { text: `a ${priority} message` },
      },
    });
    expect(response.statusCode).toBe(202);
    return response.json<{ notifications: Array<{ id: string }> }>().notifications[0].id;
  }

  const attemptsOf = (id: string) =>
    service.query<Attempt>(
      'SELECT attempt_number, status, provider, error_code, duration_ms FROM delivery_attempts WHERE notification_id = $1 ORDER BY attempt_number',
      [id],
    );
  const hitsOf = (id: string) => sink.requests().filter((r) => r.headers['webhook-id'] === `${id}:WEBHOOK`);

  it('retries a 5xx with backoff, records every try, and ends FAILED with the last error after max attempts', async () => {
    sink.respond('/down', { status: 500, body: { error: 'boom' } });
    const id = await send(await endpoint('/down'));
    const row = await service.waitForStatus(id, ['FAILED']);
    expect(row).toMatchObject({ attempt_count: 3, max_attempts: 3 });
    expect(row.last_error).toMatch(/500/);
    expect(row.failed_at).not.toBeNull();
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.attempt_number, a.status, a.provider])).toEqual([
      [1, 'FAILED', 'standard-webhook'],
      [2, 'FAILED', 'standard-webhook'],
      [3, 'FAILED', 'standard-webhook'],
    ]);
    expect(attempts.every((a) => a.error_code !== null && a.duration_ms !== null)).toBe(true);
    // Every try carried the same idempotency key, so the receiver could tell they were one message.
    expect(hitsOf(id)).toHaveLength(3);
  });

  it('does not retry a 4xx: FAILED after one attempt', async () => {
    sink.respond('/gone', { status: 410, body: { error: 'gone' } });
    const id = await send(await endpoint('/gone'));
    const row = await service.waitForStatus(id, ['FAILED']);
    expect(row.attempt_count).toBe(1);
    const attempts = await attemptsOf(id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0].status).toBe('FAILED');
    expect(hitsOf(id)).toHaveLength(1);
  });

  it('recovers from a transient failure: one failed and one successful attempt, then SENT', async () => {
    sink.respond('/flaky', { status: 503 }, { status: 200, body: { ok: true } });
    const id = await send(await endpoint('/flaky'));
    const row = await service.waitForStatus(id, ['SENT']);
    expect(row).toMatchObject({ attempt_count: 2, last_error: null });
    expect((await attemptsOf(id)).map((a) => a.status)).toEqual(['FAILED', 'SUCCEEDED']);
    const detail = await service.call('GET', `${NOTIFICATIONS}/${id}`, { apiKey });
    expect(detail.json().attempts).toHaveLength(2);
  });

  it('queues again a notification that was stored but never got a job (Redis down at the time)', async () => {
    const recipient = await endpoint('/orphan');
    const [orphan] = await service.storeNotifications([webhook({ recipient, body: 'stored without a job' })]);
    const recovery = service.app.get(DeliveryRecoverySweeper);
    expect(await recovery.sweep(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(1);
    await service.waitForStatus(orphan.id, ['SENT']);
    expect(hitsOf(orphan.id)).toHaveLength(1);
  });

  it('accepts a send while the queue cannot be reached, and the recovery sweep delivers it later', async () => {
    const lane = service.app.get(DeliveryQueuesService).lane('high');
    const connection = await lane.client;
    connection.disconnect();
    try {
      const id = await send(await endpoint('/later'), 'high');
      const [row] = await service.query('SELECT status FROM notifications WHERE id = $1', [id]);
      expect(row.status).toBe('QUEUED');
      expect(hitsOf(id)).toHaveLength(0);
      await connection.connect();
      await service.app.get(DeliveryRecoverySweeper).sweep(new Date(Date.now() + 1000));
      await service.waitForStatus(id, ['SENT']);
      expect(hitsOf(id)).toHaveLength(1);
    } finally {
      if (connection.status !== 'ready') await connection.connect().catch(() => undefined);
    }
  });

  it("applies the recipient's current preferences when a scheduled send comes due", async () => {
    const userId = NotificationServiceUnderTest.user.id;
    const scheduledAt = new Date(Date.now() + 1500).toISOString();
    const scheduleFor = async (category: string) => {
      const response = await service.call('POST', NOTIFICATIONS, {
        apiKey,
        body: {
          recipient: { userId },
          channels: ['IN_APP'],
          category,
          scheduledAt,
          content: { text: category },
        },
      });
      expect(response.json().notifications[0].status).toBe('SCHEDULED');
      return response.json().notifications[0].id as string;
    };
    const marketing = await scheduleFor('MARKETING');
    const account = await scheduleFor('ACCOUNT');
    // After the sends were accepted: the user switches marketing off and starts quiet hours.
    await service.query(
      `INSERT INTO user_preferences (user_id, channel, category, enabled, updated_at) VALUES ($1, 'IN_APP', 'MARKETING', false, now())`,
      [userId],
    );
    const hhmm = (offsetMinutes: number) =>
      new Date(Date.now() + offsetMinutes * 60_000).toISOString().slice(11, 16);
    await service.query(
      `INSERT INTO user_delivery_settings (user_id, version, timezone, quiet_hours_start, quiet_hours_end, source_occurred_at, updated_at)
       VALUES ($1, 1, 'UTC', $2, $3, now(), now())`,
      [userId, hhmm(-60), hhmm(120)],
    );

    const cancelled = await service.waitForStatus(marketing, ['CANCELLED', 'DELIVERED']);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.last_error).toContain('CHANNEL_DISABLED');

    const read = async () =>
      (
        await service.query<{ status: string; scheduled_at: Date }>(
          'SELECT status, scheduled_at FROM notifications WHERE id = $1',
          [account],
        )
      )[0];
    const row = await eventually(
      async () => {
        const current = await read();
        return current.scheduled_at.getTime() >= Date.now() + 60 * 60_000 && current;
      },
      'the due send to be deferred to the end of the quiet hours',
      { intervalMs: 100 },
    );
    expect(row.status).toBe('SCHEDULED');
    expect(row.scheduled_at.getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    const job = await service.app.get(DeliveryQueuesService).lane('normal').getJob(account);
    expect(await job?.getState()).toBe('delayed');
  });

  it('delivers an urgent message before a backlog of 500 low ones drains', async () => {
    const lowEndpoint = await endpoint('/bulk');
    const urgentEndpoint = await endpoint('/urgent');
    const backlog = await service.storeNotifications(
      Array.from({ length: 500 }, (_, i) =>
        webhook({
          priority: 'low',
          type: 'ANNOUNCEMENT',
          recipient: lowEndpoint,
          body: `bulk ${i}`,
          data: { category: 'MARKETING' },
        }),
      ),
    );
    await service.app
      .get(DeliveryQueuesService)
      .lane('low')
      .addBulk(
        backlog.map((n) => ({ name: 'deliver', data: { notificationId: n.id }, opts: { jobId: n.id } })),
      );

    const urgentId = await send(urgentEndpoint, 'urgent');
    await service.waitForStatus(urgentId, ['SENT']);

    // In one FIFO queue the urgent message would come after all 500; in its own lane it overtakes the backlog.
    const order = sink.requests().filter((r: SinkRequest) => r.path === '/bulk' || r.path === '/urgent');
    const urgentPosition = order.findIndex((r) => r.path === '/urgent');
    expect(urgentPosition).toBeGreaterThanOrEqual(0);
    expect(order.slice(0, urgentPosition).every((r) => r.path === '/bulk')).toBe(true);
    expect(urgentPosition).toBeLessThan(250);
    const waiting = await service.app.get(DeliveryQueuesService).lane('low').getWaitingCount();
    expect(waiting).toBeGreaterThan(0);
  });
});
