import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { NOTIFICATION_BATCH_QUEUE, NOTIFICATION_QUEUES } from '@orion/contracts';
import type { Queue } from 'bullmq';
import { eventually } from '@orion/testing';
import { NotificationServiceUnderTest } from './support/notification-service';

const BATCHES = '/api/v1/notification-batches';
const RECIPIENTS = 2000;

interface Counts {
  total: number;
  queued: number;
  sent: number;
  failed: number;
  cancelled: number;
}

interface Batch {
  id: string;
  status: string;
  priority: string;
  channels: string[];
  counts: Counts;
  recipients: { total: number; pending: number; queued: number; rejected: number; cancelled: number };
  report: null | {
    status: string;
    counts: Counts;
    failures: Array<{ userId: string; channel: string | null; code: string }>;
  };
}

describe('notification batches', () => {
  let service: NotificationServiceUnderTest;
  let apiKey: string;
  let users: string[];

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start(
      {
        BATCH_CHUNK_SIZE: '250',
        BATCH_SEND_CONCURRENCY: '20',
        BATCH_SETTLE_INTERVAL_MS: '100',
        DELIVERY_CONCURRENCY_LOW: '20',
        // Provider rate limits are the channels' concern; here every message may go at once.
        CHANNEL_RATE_LIMIT: '100000/1',
      },
      { seed: true },
    );
    apiKey = (await service.apiKey(['notifications:send', 'notifications:read'])).key;
    // Recipients are real accounts of the user service, which the sends resolve one by one.
    const rows = await service.users.query<{ id: string }>(
      `INSERT INTO users (id, email, email_normalized, status, display_name, updated_at)
       SELECT gen_random_uuid(), 'bulk' || g || '@example.com', 'bulk' || g || '@example.com', 'ACTIVE',
              'Bulk ' || g, now()
         FROM generate_series(1, ${RECIPIENTS}) g
       RETURNING id::text`,
    );
    users = rows.map((r) => r.id);
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
  });

  const create = (recipients: string[], extra: Record<string, unknown> = {}) =>
    service.call('POST', BATCHES, {
      apiKey,
      body: {
        name: 'Welcome wave',
        template: { key: 'account.welcome' },
        channels: ['IN_APP'],
        recipients,
        variables: { signInUrl: 'https://app.orion.test/sign-in' },
        ...extra,
      },
    });

  const read = async (id: string): Promise<Batch> => {
    const response = await service.call('GET', `${BATCHES}/${id}`, { apiKey });
    expect(response.statusCode).toBe(200);
    return response.json<Batch>();
  };

  /** Polls until the batch has its report; every snapshot on the way must add up. */
  function untilReported(id: string, timeoutMs = 240_000): Promise<Batch> {
    return eventually(
      async () => {
        const batch = await read(id);
        const { total, queued, sent, failed, cancelled } = batch.counts;
        expect(queued + sent + failed + cancelled).toBe(total);
        return batch.report && batch;
      },
      `the report of batch ${id}`,
      { timeoutMs, intervalMs: 250 },
    );
  }

  it(`sends to ${RECIPIENTS} users in the background and reports the outcome`, async () => {
    const unknown = [randomUUID(), randomUUID(), randomUUID()];
    const response = await create([...users, ...unknown, users[0]], { idempotencyKey: 'welcome-wave' });
    expect(response.statusCode).toBe(202);
    const accepted = response.json<Batch>();
    expect(accepted).toMatchObject({ priority: 'low', channels: ['IN_APP'], report: null });
    expect(accepted.counts.total).toBe(RECIPIENTS + 3);
    expect(accepted.recipients.total).toBe(RECIPIENTS + 3);

    const again = await create([...users, ...unknown], { idempotencyKey: 'welcome-wave' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(accepted.id);

    const done = await untilReported(accepted.id);
    expect(done.status).toBe('SENT');
    expect(done.report).toMatchObject({
      status: 'SENT',
      counts: { total: RECIPIENTS + 3, queued: 0, sent: RECIPIENTS, failed: 3, cancelled: 0 },
    });
    expect(done.report!.failures.map((f) => f.userId).sort()).toEqual([...unknown].sort());
    expect(new Set(done.report!.failures.map((f) => f.code))).toEqual(new Set(['RECIPIENT_NOT_FOUND']));

    const [rows] = await service.query<{ count: string; keys: string; priorities: string }>(
      `SELECT count(*) AS count, count(DISTINCT idempotency_key) AS keys, string_agg(DISTINCT priority::text, ',') AS priorities
         FROM notifications WHERE batch_id = $1`,
      [accepted.id],
    );
    expect(rows).toEqual({ count: String(RECIPIENTS), keys: String(RECIPIENTS), priorities: 'LOW' });
    const [one] = await service.query(
      'SELECT idempotency_key, template_version FROM notifications WHERE user_id = $1 AND batch_id = $2',
      [users[0], accepted.id],
    );
    expect(one).toEqual({ idempotency_key: `${accepted.id}:${users[0]}`, template_version: 1 });

    const late = await service.call('POST', `${BATCHES}/${accepted.id}/cancel`, { apiKey });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('BATCH_NOT_CANCELLABLE');
  }, 300_000);

  it('cancels: recipients not expanded and messages not yet sent become CANCELLED, and none is delivered', async () => {
    const lowLane = service.app.get<Queue>(getQueueToken(NOTIFICATION_QUEUES.low));
    const batchQueue = service.app.get<Queue>(getQueueToken(NOTIFICATION_BATCH_QUEUE));
    // Nothing of this batch may reach a provider until the cancel has happened.
    await lowLane.pause();
    await batchQueue.pause();
    const accepted = (await create(users, { name: 'Cancelled wave' })).json<Batch>();
    await batchQueue.resume();
    // Let expansion make some messages, so the cancel finds both kinds of work left.
    await eventually(
      async () => (await read(accepted.id)).recipients.pending !== RECIPIENTS,
      'the expansion to start',
      { timeoutMs: 120_000 },
    );

    const cancelled = await service.call('POST', `${BATCHES}/${accepted.id}/cancel`, { apiKey });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('CANCELLED');

    const done = await untilReported(accepted.id);
    await lowLane.resume();
    expect(done.report).toMatchObject({
      status: 'CANCELLED',
      counts: { total: RECIPIENTS, queued: 0, sent: 0, failed: 0, cancelled: RECIPIENTS },
    });
    expect(done.recipients.pending).toBe(0);
    expect(done.recipients.queued + done.recipients.cancelled).toBe(RECIPIENTS);
    const statuses = await service.query<{ status: string; count: string }>(
      'SELECT status, count(*) AS count FROM notifications WHERE batch_id = $1 GROUP BY status',
      [accepted.id],
    );
    expect(statuses.every((s) => s.status === 'CANCELLED')).toBe(true);

    // The delivery workers now run the queued jobs: every one finds its message cancelled.
    await eventually(
      async () => {
        const jobs = await lowLane.getJobCounts('waiting', 'active', 'delayed');
        return jobs.waiting + jobs.active + jobs.delayed === 0;
      },
      'the low lane to drain',
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    const delivered = await service.query(
      `SELECT id FROM notifications WHERE batch_id = $1 AND status <> 'CANCELLED'`,
      [accepted.id],
    );
    expect(delivered).toHaveLength(0);
  }, 300_000);

  it('sends to an audience the user service lists: holders of a role, live and in force', async () => {
    const [{ id: roleId }] = await service.users.query<{ id: string }>(
      `SELECT id FROM roles WHERE slug = 'user'`,
    );
    const holders = users.slice(0, 30);
    const [expired, deactivated] = users.slice(30, 32);
    for (const userId of [...holders, expired, deactivated]) {
      await service.users.query(
        `INSERT INTO user_roles (user_id, role_id, expires_at, updated_at) VALUES ($1, $2, $3, now())`,
        [userId, roleId, userId === expired ? new Date(Date.now() - 60_000) : null],
      );
    }
    await service.users.query(`UPDATE users SET status = 'DEACTIVATED' WHERE id = $1`, [deactivated]);
    const [{ count: before }] = await service.users.query<{ count: string }>(
      `SELECT count(*) AS count FROM user_roles ur JOIN users u ON u.id = ur.user_id
        WHERE ur.role_id = $1 AND u.status = 'ACTIVE' AND (ur.expires_at IS NULL OR ur.expires_at > now())`,
      [roleId],
    );

    const response = await service.call('POST', BATCHES, {
      apiKey,
      body: {
        name: 'Role wave',
        template: { key: 'account.welcome' },
        channels: ['IN_APP'],
        audience: { role: 'user' },
        variables: { signInUrl: 'https://app.orion.test/sign-in' },
      },
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ audience: { role: 'user' } });
    const done = await untilReported(response.json().id);
    expect(done).toMatchObject({ audienceResolved: true, status: 'SENT' });
    expect(done.report!.counts).toEqual({
      total: Number(before),
      queued: 0,
      sent: Number(before),
      failed: 0,
      cancelled: 0,
    });
    const sentTo = await service.query<{ user_id: string }>(
      'SELECT user_id FROM notifications WHERE batch_id = $1',
      [response.json().id],
    );
    const ids = sentTo.map((r) => r.user_id);
    expect(ids).toEqual(expect.arrayContaining(holders));
    expect(ids).not.toContain(expired);
    expect(ids).not.toContain(deactivated);

    const both = await create([users[0]], { audience: { role: 'user' } });
    expect(both.statusCode).toBe(400);
    expect(both.json().code).toBe('VALIDATION_FAILED');
  }, 120_000);

  it('lists batches newest first, by page and by status', async () => {
    const first = await service.call('GET', BATCHES, { apiKey, query: { limit: '1' } });
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((b: { name: string }) => b.name)).toEqual(['Role wave']);
    const second = await service.call('GET', BATCHES, {
      apiKey,
      query: { limit: '1', cursor: first.json().nextCursor },
    });
    expect(second.json().items).toMatchObject([
      {
        name: 'Cancelled wave',
        status: 'CANCELLED',
        totalRecipients: RECIPIENTS,
        processedRecipients: RECIPIENTS,
      },
    ]);
    const sent = await service.call('GET', BATCHES, { apiKey, query: { status: 'SENT' } });
    expect(sent.json().items).toMatchObject([
      { name: 'Role wave' },
      { name: 'Welcome wave', totalRecipients: RECIPIENTS + 3, processedRecipients: RECIPIENTS + 3 },
    ]);
  });

  it('refuses a batch the template cannot serve before storing anything', async () => {
    const missing = await service.call('POST', BATCHES, {
      apiKey,
      body: { name: 'x', template: { key: 'account.welcome' }, channels: ['IN_APP'], recipients: [users[0]] },
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({
      code: 'TEMPLATE_VARIABLES_INVALID',
      errors: [{ variable: 'signInUrl', message: 'is required' }],
    });
    const noSms = await create([users[0]], { channels: ['SLACK'] });
    expect(noSms.statusCode).toBe(422);
    expect(noSms.json().code).toBe('TEMPLATE_CHANNEL_UNSUPPORTED');
    const invalid = await service.call('POST', BATCHES, {
      apiKey,
      body: { name: '', template: {}, recipients: ['nope'], priority: 'asap' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['name', 'template.key', 'recipients', 'priority']),
    );
    expect((await service.call('GET', `${BATCHES}/${randomUUID()}`, { apiKey })).statusCode).toBe(404);
    expect(
      (await service.call('GET', `${BATCHES}/${randomUUID()}`, { as: NotificationServiceUnderTest.user.id }))
        .statusCode,
    ).toBe(403);
    const [{ count }] = await service.query<{ count: string }>(
      `SELECT count(*) AS count FROM notification_batches WHERE name IN ('x', '')`,
    );
    expect(count).toBe('0');
  });
});
