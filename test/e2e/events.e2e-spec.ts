import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { DEFAULT_NAMESPACE, dropTestDatabase, eventually, freePort, queryDatabase } from '@orion/testing';
import { eventStreamName } from '@orion/core';
import { createMigratedDatabase, ServiceDatabase } from './harness/databases';
import { runningChildPids } from './harness';
import { ServiceHandle } from './harness/service-handle';
import { tsNodeArguments } from './harness/stand-in';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// A stream of this run only: runs sharing one Redis never see each other's events.
const EVENT_NAME = `e${randomBytes(4).toString('hex')}.user.registered.v1`;
const STREAM = eventStreamName(DEFAULT_NAMESPACE, EVENT_NAME);
const FIXTURES = 'test/e2e/fixtures/events';
const CLAIM_IDLE_MS = 1000;

interface Registered {
  userId: string;
  eventId: string;
}

describe('events that are never lost (real processes killed and restarted)', () => {
  let authDb: ServiceDatabase;
  let notificationDb: ServiceDatabase;
  let producer: ServiceHandle;
  let consumer: ServiceHandle;
  let redis: Redis;

  const register = async (count: number, requestId: string): Promise<Registered[]> => {
    const response = await fetch(`${producer.baseUrl}/api/v1/fixture/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ count }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Registered[];
  };

  /** Welcome notifications the consumer committed for a user: the effect that must happen once. */
  const effects = async (userId: string) =>
    Number(
      (
        await queryDatabase<{ n: string }>(
          notificationDb.url,
          'SELECT count(*) AS n FROM notifications WHERE user_id = $1::uuid',
          [userId],
        )
      )[0]!.n,
    );

  const publishedAt = async (eventId: string) =>
    (
      await queryDatabase<{ published_at: Date | null }>(
        authDb.url,
        'SELECT published_at FROM outbox_events WHERE id = $1::uuid',
        [eventId],
      )
    )[0]?.published_at;

  const streamCopies = async (eventId: string) =>
    ((await redis.xrange(STREAM, '-', '+')) as [string, string[]][]).filter(([, fields]) =>
      fields.includes(eventId),
    ).length;

  beforeAll(async () => {
    [authDb, notificationDb] = await Promise.all([
      createMigratedDatabase('auth', 'orion_events'),
      createMigratedDatabase('notification', 'orion_events'),
    ]);
    redis = new Redis(REDIS_URL);
    const common = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      REDIS_URL,
      FIXTURE_EVENT_NAME: EVENT_NAME,
      OUTBOX_POLL_INTERVAL_MS: '100',
      EVENT_CLAIM_IDLE_MS: String(CLAIM_IDLE_MS),
      // The test counts the copies a stream holds, so handled entries are not trimmed away.
      EVENT_STREAM_TRIM_INTERVAL_S: '0',
    };
    const [producerPort, consumerPort] = [await freePort(), await freePort()];
    const timeouts = { readyTimeoutMs: 60_000, stopTimeoutMs: 10_000 };
    producer = new ServiceHandle({
      service: 'auth',
      port: producerPort,
      database: authDb,
      nodeArgs: tsNodeArguments(`${FIXTURES}/producer.main.ts`),
      env: { ...common, AUTH_PORT: String(producerPort), AUTH_DATABASE_URL: authDb.url },
      ...timeouts,
    });
    consumer = new ServiceHandle({
      service: 'notification',
      port: consumerPort,
      database: notificationDb,
      nodeArgs: tsNodeArguments(`${FIXTURES}/consumer.main.ts`),
      env: {
        ...common,
        NOTIFICATION_PORT: String(consumerPort),
        NOTIFICATION_DATABASE_URL: notificationDb.url,
      },
      ...timeouts,
    });
    await consumer.start();
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([producer?.stop(), consumer?.stop()]);
    await redis?.del(STREAM).catch(() => undefined);
    redis?.disconnect();
    await Promise.allSettled([authDb, notificationDb].filter(Boolean).map((db) => dropTestDatabase(db.name)));
    expect(runningChildPids()).toEqual([]);
  }, 60_000);

  it('delivers an event committed by a producer that was killed before publishing it', async () => {
    await producer.start({ OUTBOX_RELAY_ENABLED: 'false' });
    const [registered] = await register(1, 'journey-crash-1');
    const { userId, eventId } = registered!;
    expect(await publishedAt(eventId)).toBeNull();

    const status = await producer.kill('SIGKILL');
    expect(status?.signal).toBe('SIGKILL');
    expect(await streamCopies(eventId)).toBe(0);

    await producer.start({ OUTBOX_RELAY_ENABLED: 'true' });
    await eventually(
      async () => ((await effects(userId)) > 0 ? true : undefined),
      'the welcome notification',
      { timeoutMs: 30_000 },
    );
    await eventually(
      async () => (await publishedAt(eventId)) ?? undefined,
      'the outbox row marked published',
      { timeoutMs: 30_000 },
    );

    expect(await effects(userId)).toBe(1);
    expect(await streamCopies(eventId)).toBe(1);
    const handled = consumer
      .logEntries()
      .find((line) => line.msg === 'event handled' && line.eventId === eventId);
    expect(handled).toMatchObject({ requestId: 'journey-crash-1', outcome: 'handled', from: 'auth' });
  }, 120_000);

  it('delivers everything produced while the consumer was down, each effect once', async () => {
    await consumer.kill('SIGKILL');
    const registered = await register(5, 'journey-down-1');
    for (const { eventId } of registered) {
      await eventually(async () => (await publishedAt(eventId)) ?? undefined, `${eventId} published`, {
        timeoutMs: 30_000,
      });
    }
    for (const { userId } of registered) expect(await effects(userId)).toBe(0);

    await consumer.start();
    for (const { userId } of registered) {
      await eventually(
        async () => ((await effects(userId)) > 0 ? true : undefined),
        `the notification of ${userId}`,
        { timeoutMs: 30_000 },
      );
    }
    for (const { userId } of registered) expect(await effects(userId)).toBe(1);
  }, 120_000);

  it('redelivers an event whose consumer was killed while handling it, with one effect', async () => {
    await consumer.stop();
    await consumer.start({ FIXTURE_HANDLER_PAUSE_MS: '60000' });
    const pausedRun = consumer.runCount - 1;
    const [registered] = await register(1, 'journey-mid-1');
    const { userId, eventId } = registered!;
    await eventually(
      async () =>
        consumer
          .logEntries(pausedRun)
          .some((l) => l.msg === 'fixture handler paused' && l.eventId === eventId)
          ? true
          : undefined,
      'the handler to be in the middle of its transaction',
      { timeoutMs: 30_000 },
    );

    await consumer.kill('SIGKILL');
    // The write was never committed, and the message is still pending for the group.
    expect(await effects(userId)).toBe(0);
    const [pendingCount] = (await redis.xpending(STREAM, 'notification')) as [number];
    expect(pendingCount).toBe(1);

    await consumer.start({ FIXTURE_HANDLER_PAUSE_MS: '0' });
    const run = consumer.runCount - 1;
    await eventually(
      async () => ((await effects(userId)) > 0 ? true : undefined),
      'the redelivered notification',
      { timeoutMs: 30_000 },
    );
    const handled = await eventually(
      async () => consumer.logEntries(run).find((l) => l.msg === 'event handled' && l.eventId === eventId),
      'the redelivery to be acknowledged',
      { timeoutMs: 30_000 },
    );
    expect(handled).toMatchObject({ delivery: 2, outcome: 'handled', requestId: 'journey-mid-1' });
    expect(await effects(userId)).toBe(1);
    const processed = await queryDatabase(
      notificationDb.url,
      'SELECT 1 FROM processed_events WHERE event_id = $1::uuid',
      [eventId],
    );
    expect(processed).toHaveLength(1);
    expect(((await redis.xpending(STREAM, 'notification')) as [number])[0]).toBe(0);
  }, 120_000);
});
