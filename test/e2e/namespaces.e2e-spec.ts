import { randomUUID } from 'node:crypto';
import { COMMAND_SENDERS, USER_REGISTERED } from '@orion/contracts';
import { eventually, PrivateRedis, queryDatabase, startPrivateRedis } from '@orion/testing';
import Redis from 'ioredis';
import { Platform, startPlatform } from './harness';
import {
  expectStatus,
  mailTo,
  orionClient,
  sessionOf,
  tokenFromLink,
  uniqueAddress,
} from './journeys/journey-client';

/**
 * Two complete installations (three services each, databases of their own) on ONE Redis, told
 * apart only by REDIS_NAMESPACE: neither handles the other's events, commands or queued jobs,
 * and nothing either keeps in Redis lies outside its namespace.
 */
const PASSWORD = 'two-lighthouses-share-one-coast';
const NAMESPACES = { a: 'install-a', b: 'install-b' } as const;

describe('two installations sharing one Redis', () => {
  let redis: PrivateRedis;
  let observer: Redis;
  let a: Platform;
  let b: Platform;

  beforeAll(async () => {
    // A Redis of this suite alone, so the scan of the whole keyspace sees only these two.
    redis = await startPrivateRedis();
    observer = new Redis(redis.url);
    const install = (namespace: string, databasePrefix: string) =>
      startPlatform({
        seed: true,
        redisUrl: redis.url,
        databasePrefix,
        env: { REDIS_NAMESPACE: namespace },
        // Six services boot at once on a shared machine.
        readyTimeoutMs: 90_000,
      });
    [a, b] = await Promise.all([install(NAMESPACES.a, 'orion_e2e_a'), install(NAMESPACES.b, 'orion_e2e_b')]);
  }, 300_000);

  afterAll(async () => {
    observer?.disconnect();
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await redis?.stop();
  }, 60_000);

  const signUp = async (platform: Platform, label: string, requestId = randomUUID()) => {
    const email = uniqueAddress(label);
    const answer = await orionClient(platform).auth.POST('/api/v1/auth/sign-up', {
      body: { email, password: PASSWORD },
      headers: { 'x-request-id': requestId },
    });
    expectStatus(answer, 202);
    return email;
  };
  const notificationsTo = (platform: Platform, emails: string[]) =>
    queryDatabase<{ id: string; recipient: string; status: string }>(
      platform.notification.database.url,
      'SELECT id, recipient, status FROM notifications WHERE recipient = ANY($1)',
      [emails],
    );

  it("handles an event committed in A in A only: B never sees A's sign-ups", async () => {
    const emails = await Promise.all([1, 2, 3].map((n) => signUp(a, `only-a-${n}`)));
    // Every verification mail comes from A; under a shared stream B's consumers would take some.
    await Promise.all(emails.map((email) => mailTo(a.smtp, email, /Confirm your e-mail address/)));

    const handledInA = await queryDatabase<{ event_id: string }>(
      a.notification.database.url,
      'SELECT event_id FROM processed_events WHERE event_name = $1',
      [USER_REGISTERED.name],
    );
    expect(handledInA.length).toBeGreaterThanOrEqual(emails.length);
    for (const service of [b.notification, b.auth, b.user]) {
      const foreign = await queryDatabase(
        service.database.url,
        'SELECT event_id FROM processed_events WHERE event_id = ANY($1::uuid[])',
        [handledInA.map((row) => row.event_id)],
      );
      expect([service.name, foreign]).toEqual([service.name, []]);
    }
    expect(await notificationsTo(b, emails)).toEqual([]);
    expect(b.smtp.messages().filter((mail) => emails.some((email) => mail.to.includes(email)))).toEqual([]);
  });

  it("answers B's commands in B only: A's services never receive them", async () => {
    const requestId = randomUUID();
    const email = await signUp(b, 'only-b', requestId);
    const verification = await mailTo(b.smtp, email, /Confirm your e-mail address/);
    expectStatus(
      await orionClient(b).user.POST('/api/v1/email-verification/verify', {
        body: { token: tokenFromLink(verification) },
      }),
      200,
    );
    const signInId = randomUUID();
    const signedIn = await orionClient(b, { headers: { 'x-request-id': signInId } }).signIn({
      email,
      password: PASSWORD,
    });
    // The credentials were checked by B's user service (A's does not know the account).
    sessionOf(signedIn);

    const handled = (platform: Platform, id: string) =>
      platform.user.logEntries().filter((line) => line.msg === 'message handled' && line.requestId === id);
    await eventually(
      async () => (handled(b, signInId).length > 0 ? true : undefined),
      "B's user service log",
    );
    expect(handled(b, requestId).length).toBeGreaterThan(0);
    for (const id of [requestId, signInId]) {
      expect(a.services.flatMap((service) => service.logEntries()).filter((l) => l.requestId === id)).toEqual(
        [],
      );
    }

    // Each installation's user service listens on its own channel of every user command, and only there.
    const channels = (await observer.pubsub('CHANNELS', '*')) as string[];
    expect(
      channels.filter((c) => !c.startsWith(`${NAMESPACES.a}:`) && !c.startsWith(`${NAMESPACES.b}:`)),
    ).toEqual([]);
    const userCommands = Object.keys(COMMAND_SENDERS).filter((pattern) => pattern.startsWith('user.'));
    for (const pattern of userCommands) {
      const subscribers = (await observer.pubsub(
        'NUMSUB',
        `${NAMESPACES.a}:commands:${pattern}`,
        `${NAMESPACES.b}:commands:${pattern}`,
      )) as [string, number, string, number];
      expect([pattern, subscribers[1], subscribers[3]]).toEqual([pattern, 1, 1]);
    }
  });

  it('delivers a notification queued in A by A only: its job lives in A’s queues', async () => {
    const email = await signUp(a, 'queued-in-a');
    await mailTo(a.smtp, email, /Confirm your e-mail address/);
    const sent = await eventually(async () => {
      const rows = await notificationsTo(a, [email]);
      return rows.length > 0 && rows.every((row) => ['SENT', 'DELIVERED'].includes(row.status))
        ? rows
        : undefined;
    }, "A's notifications sent");

    for (const { id } of sent) {
      // BullMQ keeps a completed job for a while under <prefix>:<queue>:<job id = notification id>.
      const keys = await scanAll(observer, `*${id}*`);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.filter((key) => !key.startsWith(`${NAMESPACES.a}:notification.`))).toEqual([]);
      const attemptsInB = await queryDatabase(
        b.notification.database.url,
        'SELECT id FROM delivery_attempts WHERE notification_id = $1::uuid',
        [id],
      );
      expect(attemptsInB).toEqual([]);
    }
    expect(await notificationsTo(b, [email])).toEqual([]);
  });

  it('keeps every key of both installations inside its namespace', async () => {
    const keys = await scanAll(observer, '*');
    const outside = keys.filter(
      (key) => !key.startsWith(`${NAMESPACES.a}:`) && !key.startsWith(`${NAMESPACES.b}:`),
    );
    expect(outside).toEqual([]);
    // Both ran: streams, queues and stores of each are there.
    for (const namespace of Object.values(NAMESPACES)) {
      expect(keys.filter((key) => key.startsWith(`${namespace}:events:`)).length).toBeGreaterThan(0);
      expect(keys.filter((key) => key.startsWith(`${namespace}:notification.`)).length).toBeGreaterThan(0);
    }
  });
});

/** Every key matching `pattern`, by SCAN (never KEYS) over the whole keyspace. */
async function scanAll(client: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}
