import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  deadLetterStreamName,
  developmentSigner,
  encodeStreamEntry,
  EventPublisher,
  eventStreamName,
  InvalidEventPayloadError,
  MessageSigner,
  runInRequestContext,
  signEvent,
  StoredEvent,
} from '@orion/core';
import { dropTestDatabase, eventually, LogCapture, queryDatabase } from '@orion/testing';
import Redis from 'ioredis';
import { createMigratedDatabase, ServiceDatabase } from '../e2e/harness/databases';
import {
  AccountEvent,
  callsFor,
  FAILING,
  MAX_DELIVERIES,
  REGISTERED,
  STREAMS,
  TestHandlers,
  UNCONSUMED,
} from './durable-events.handlers';
import { NAMESPACE, PrismaService, startApp } from './durable-events.support';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DEAD_LETTERS = deadLetterStreamName(NAMESPACE, 'notification');

class Rollback extends Error {}

/** A stream entry signed with the auth service's (development) key, as its relay would add it. */
const signedEntry = (event: StoredEvent) => encodeStreamEntry(signEvent(developmentSigner('auth'), event));

describe('durable events: outbox, relay, streams, inbox (in-process, real PostgreSQL and Redis)', () => {
  let producerDb: ServiceDatabase;
  let consumerDb: ServiceDatabase;
  let producers: NestFastifyApplication[];
  let consumer: { app: NestFastifyApplication; logs: LogCapture };
  let redis: Redis;

  const account = () => {
    const userId = randomUUID();
    return { userId, email: `${userId}@example.test` };
  };

  /** Publishes in a transaction of the first producer, under `requestId`; `rollback` aborts it. */
  const publish = <T>(
    contract: typeof REGISTERED,
    payload: T,
    requestId: string,
    options: { rollback?: boolean } = {},
  ): Promise<string> => {
    const app = producers[0]!;
    return runInRequestContext(requestId, () =>
      app.get(PrismaService).$transaction(async (tx) => {
        const id = await app.get(EventPublisher).publish(tx, contract, payload as AccountEvent);
        if (options.rollback) throw new Rollback('rolled back on purpose');
        return id;
      }),
    );
  };

  const effects = async (userId: string) =>
    (await queryDatabase(consumerDb.url, 'SELECT 1 FROM notifications WHERE user_id = $1::uuid', [userId]))
      .length;

  const handledLines = (eventId: string) =>
    consumer.logs.lines().filter((line) => line.msg === 'event handled' && line.eventId === eventId);

  beforeAll(async () => {
    [producerDb, consumerDb] = await Promise.all([
      createMigratedDatabase('auth', 'orion_events_it'),
      createMigratedDatabase('notification', 'orion_events_it'),
    ]);
    redis = new Redis(REDIS_URL);
    const relay = { OUTBOX_POLL_INTERVAL_MS: '50', OUTBOX_BATCH_SIZE: '5' };
    // Two replicas of one producer: two relays on one outbox.
    producers = [
      (await startApp('auth', producerDb, relay)).app,
      (await startApp('auth', producerDb, relay)).app,
    ];
    consumer = await startApp(
      'notification',
      consumerDb,
      { EVENT_CLAIM_IDLE_MS: '200', EVENT_MAX_DELIVERIES: String(MAX_DELIVERIES) },
      [TestHandlers],
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(
      [...(producers ?? []), consumer?.app].filter(Boolean).map((app) => app!.close()),
    );
    if (redis) {
      const ours = ((await redis.xrange(DEAD_LETTERS, '-', '+')) as [string, string[]][]).filter(
        ([, fields]) => STREAMS.includes(fields[1]!),
      );
      if (ours.length > 0) await redis.xdel(DEAD_LETTERS, ...ours.map(([id]) => id));
      await redis.del(...STREAMS);
      // The dead-letter stream is shared; remove it only if this run's entries were all it had.
      if ((await redis.xlen(DEAD_LETTERS)) === 0) await redis.del(DEAD_LETTERS);
      redis.disconnect();
    }
    await Promise.allSettled([producerDb, consumerDb].filter(Boolean).map((db) => dropTestDatabase(db.name)));
  }, 60_000);

  it('delivers a committed event once, with its payload and the request id of its chain', async () => {
    const payload = account();
    const eventId = await publish(REGISTERED, payload, 'req-committed-1');

    await eventually(() => (callsFor(payload.userId).length > 0 ? true : undefined), 'the handler', {
      timeoutMs: 30_000,
    });
    const handled = await eventually(() => handledLines(eventId)[0], 'the acknowledgement', {
      timeoutMs: 30_000,
    });

    expect(callsFor(payload.userId)).toEqual([
      { event: REGISTERED.name, userId: payload.userId, eventId, requestId: 'req-committed-1' },
    ]);
    expect(await effects(payload.userId)).toBe(1);
    expect(handled).toMatchObject({
      requestId: 'req-committed-1',
      from: 'auth',
      outcome: 'handled',
      delivery: 1,
    });
  });

  it('publishes nothing when the transaction rolls back', async () => {
    const lost = account();
    await expect(publish(REGISTERED, lost, 'req-rolled-back', { rollback: true })).rejects.toBeInstanceOf(
      Rollback,
    );
    // A later committed event overtakes nothing: once it is handled, the relay has passed.
    const marker = account();
    await publish(REGISTERED, marker, 'req-marker');
    await eventually(() => (callsFor(marker.userId).length > 0 ? true : undefined), 'the marker event', {
      timeoutMs: 30_000,
    });

    expect(callsFor(lost.userId)).toEqual([]);
    const rows = await queryDatabase(
      producerDb.url,
      `SELECT 1 FROM outbox_events WHERE payload->>'userId' = $1`,
      [lost.userId],
    );
    expect(rows).toEqual([]);
  });

  it('refuses a payload that breaks its contract before anything is written', async () => {
    const bad = { userId: 'not-a-uuid', email: 'nobody' };
    await expect(publish(REGISTERED, bad, 'req-bad')).rejects.toBeInstanceOf(InvalidEventPayloadError);
    const rows = await queryDatabase(
      producerDb.url,
      `SELECT 1 FROM outbox_events WHERE payload->>'userId' = $1`,
      [bad.userId],
    );
    expect(rows).toEqual([]);
  });

  it('runs the handler once when the same event is delivered twice', async () => {
    const payload = account();
    const entry = signedEntry({
      id: randomUUID(),
      name: REGISTERED.name,
      payload,
      meta: { requestId: 'req-duplicate' },
      occurredAt: new Date(),
    });
    const eventId = entry[1]!;
    await redis.xadd(eventStreamName(NAMESPACE, REGISTERED.name), '*', ...entry);
    await redis.xadd(eventStreamName(NAMESPACE, REGISTERED.name), '*', ...entry);

    const lines = await eventually(
      () => (handledLines(eventId).length === 2 ? handledLines(eventId) : undefined),
      'both deliveries acknowledged',
      { timeoutMs: 30_000 },
    );
    expect(lines.map((line) => line.outcome).sort()).toEqual(['duplicate', 'handled']);
    expect(callsFor(payload.userId)).toHaveLength(1);
    expect(await effects(payload.userId)).toBe(1);
  });

  it('retries a failing handler, then dead-letters the event after the last delivery', async () => {
    const payload = account();
    const eventId = await publish(FAILING, payload, 'req-failing');
    const stream = eventStreamName(NAMESPACE, FAILING.name);

    const deadLetter = await eventually(
      async () =>
        ((await redis.xrange(DEAD_LETTERS, '-', '+')) as [string, string[]][]).find(
          ([, fields]) => fields[1] === stream && fields.includes(eventId),
        ),
      'the dead letter',
      { timeoutMs: 30_000 },
    );
    expect(deadLetter[1]).toEqual(
      expect.arrayContaining(['reason', `handler failed ${MAX_DELIVERIES} times: this handler always fails`]),
    );
    expect(callsFor(payload.userId)).toHaveLength(MAX_DELIVERIES);
    expect(callsFor(payload.userId).every((c) => c.requestId === 'req-failing')).toBe(true);
    expect(((await redis.xpending(stream, 'notification')) as [number])[0]).toBe(0);
    const failures = consumer.logs
      .lines()
      .filter((l) => l.msg === 'event handler failed' && l.eventId === eventId);
    expect(failures.map((l) => l.delivery)).toEqual([1, 2, 3]);
  });

  it('dead-letters a stream entry whose payload breaks the contract, without calling the handler', async () => {
    const userId = randomUUID();
    const entry = signedEntry({
      id: randomUUID(),
      name: REGISTERED.name,
      payload: { userId, email: 'not an address' },
      meta: {},
      occurredAt: new Date(),
    });
    await redis.xadd(eventStreamName(NAMESPACE, REGISTERED.name), '*', ...entry);

    const deadLetter = await eventually(
      async () =>
        ((await redis.xrange(DEAD_LETTERS, '-', '+')) as [string, string[]][]).find(([, fields]) =>
          fields.includes(entry[1]!),
        ),
      'the dead letter',
      { timeoutMs: 30_000 },
    );
    expect(deadLetter[1]).toEqual(expect.arrayContaining(['reason', 'invalid payload: email']));
    expect(callsFor(userId)).toEqual([]);
  });

  it('refuses events forged into the stream: unsigned, tampered, signed by an unknown key, or copied from another stream', async () => {
    const attacker = new MessageSigner({
      producer: 'auth',
      kid: 'dev-auth',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    });
    const event = (payload: AccountEvent): StoredEvent => ({
      id: randomUUID(),
      name: REGISTERED.name,
      payload,
      meta: { requestId: 'req-forged' },
      occurredAt: new Date(),
    });
    const [unsigned, tampered, foreign, wrongOwner] = [account(), account(), account(), account()];
    const genuine = signEvent(developmentSigner('auth'), event(tampered));
    const forged: [AccountEvent, string[], string][] = [
      [unsigned, encodeStreamEntry({ ...event(unsigned), meta: { producer: 'auth' } }), 'refused: unsigned'],
      // A real signature over one account, moved onto another.
      [
        tampered,
        encodeStreamEntry({ ...genuine, payload: { ...tampered, userId: randomUUID() } }),
        'refused: bad signature',
      ],
      [foreign, encodeStreamEntry(signEvent(attacker, event(foreign))), 'refused: bad signature'],
      // A genuine event of another stream, copied into this one.
      [
        wrongOwner,
        signedEntry({ ...event(wrongOwner), name: UNCONSUMED.name }),
        `refused: ${UNCONSUMED.name} does not belong in ${eventStreamName(NAMESPACE, REGISTERED.name)}`,
      ],
    ];
    for (const [, entry] of forged)
      await redis.xadd(eventStreamName(NAMESPACE, REGISTERED.name), '*', ...entry);

    for (const [payload, entry, reason] of forged) {
      const deadLetter = await eventually(
        async () =>
          ((await redis.xrange(DEAD_LETTERS, '-', '+')) as [string, string[]][]).find(([, fields]) =>
            fields.includes(entry[1]!),
          ),
        `the dead letter of ${reason}`,
        { timeoutMs: 30_000 },
      );
      expect(deadLetter[1]).toEqual(expect.arrayContaining(['reason', reason]));
      expect(callsFor(payload.userId)).toEqual([]);
      expect(await effects(payload.userId)).toBe(0);
    }
  });

  it('has two relays on one outbox publish each row exactly once', async () => {
    const ids = await producers[0]!.get(PrismaService).$transaction(async (tx) => {
      const publisher = producers[0]!.get(EventPublisher);
      const written: string[] = [];
      for (let i = 0; i < 40; i++) written.push(await publisher.publish(tx, UNCONSUMED, account()));
      return written;
    });
    await eventually(
      async () => {
        const [row] = await queryDatabase<{ n: string }>(
          producerDb.url,
          'SELECT count(*) AS n FROM outbox_events WHERE name = $1 AND published_at IS NULL',
          [UNCONSUMED.name],
        );
        return row!.n === '0' ? true : undefined;
      },
      'every row published',
      { timeoutMs: 30_000 },
    );
    const entries = (await redis.xrange(eventStreamName(NAMESPACE, UNCONSUMED.name), '-', '+')) as [
      string,
      string[],
    ][];
    const published = entries.map(([, fields]) => fields[1]);
    expect(published).toHaveLength(40);
    expect(new Set(published)).toEqual(new Set(ids));
  });
});
