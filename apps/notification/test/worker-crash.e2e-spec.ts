import { HttpSink, freePort, ServiceProcess, startServiceProcess } from '@orion/testing';
import type { Job } from 'bullmq';
import { DeliveryService } from '../src/delivery/delivery.service';
import { NotificationServiceUnderTest } from './support/notification-service';

const admin = NotificationServiceUnderTest.admin.id;

/**
 * Runs the built service (dist/) as worker processes; this process only accepts the send (its own
 * workers are off), so the delivery happens in the children.
 */
describe('a worker killed in the middle of a delivery', () => {
  let service: NotificationServiceUnderTest;
  let sink: HttpSink;
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start({
      DELIVERY_WORKERS_ENABLED: 'false',
      DELIVERY_LOCK_DURATION_MS: '2000',
      DELIVERY_STALLED_INTERVAL_MS: '1000',
    });
    sink = await HttpSink.start();
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await sink?.stop();
    await service?.stop();
  });

  async function startWorker(): Promise<ServiceProcess> {
    const port = await freePort();
    const worker = await startServiceProcess(
      'notification',
      { ...service.environment, DELIVERY_WORKERS_ENABLED: 'true', NOTIFICATION_PORT: String(port) },
      port,
    );
    workers.push(worker);
    return worker;
  }

  it('is taken over by another worker: the message arrives once (one idempotency key) and ends SENT', async () => {
    const endpoint = await service.call('POST', '/api/v1/webhook-endpoints', {
      as: admin,
      body: { url: sink.url('/slow'), description: 'slow receiver' },
    });
    expect(endpoint.statusCode).toBe(201);
    // The receiver holds the first request open: the worker is mid-delivery when it dies.
    sink.respond('/slow', { status: 200, delayMs: 120_000 });
    const first = await startWorker();

    const sent = await service.call('POST', '/api/v1/notifications', {
      as: admin,
      body: { recipient: { webhookEndpointId: endpoint.json().id }, content: { text: 'exactly once' } },
    });
    expect(sent.statusCode).toBe(202);
    const id: string = sent.json().notifications[0].id;

    await sink.waitForRequest((r) => r.path === '/slow', 30_000);
    await service.waitForStatus(id, ['PROCESSING']);
    await first.kill('SIGKILL');
    sink.respond('/slow', { status: 200, body: { ok: true } });

    await startWorker();
    const row = await service.waitForStatus(id, ['SENT', 'DELIVERED'], 30_000);
    expect(row.attempt_count).toBe(2);

    const deliveries = sink.requests().filter((r) => r.path === '/slow');
    // Sent again because nobody can know whether the first try got through, but under the same key.
    expect(deliveries).toHaveLength(2);
    expect(new Set(deliveries.map((r) => r.headers['webhook-id']))).toEqual(new Set([`${id}:WEBHOOK`]));
    const attempts = await service.query('SELECT status FROM delivery_attempts WHERE notification_id = $1', [
      id,
    ]);
    expect(attempts.map((a) => a.status)).toEqual(['SUCCEEDED']);
  });

  it('does nothing when a delivery job runs again for a notification already sent', async () => {
    const [sentRow] = await service.query<{ id: string }>(
      "SELECT id FROM notifications WHERE status = 'SENT' LIMIT 1",
    );
    const before = sink.requests().length;
    const job = {
      data: { notificationId: sentRow.id },
      attemptsMade: 0,
      opts: { attempts: 3 },
    } as unknown as Job;
    await expect(service.app.get(DeliveryService).deliver(job)).resolves.toBe('skipped');
    expect(sink.requests()).toHaveLength(before);
  });
});
