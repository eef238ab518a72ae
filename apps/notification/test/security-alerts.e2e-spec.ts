import { randomUUID } from 'node:crypto';
import {
  ACCOUNT_LOCKED,
  EventContract,
  NEW_DEVICE_SIGNED_IN,
  PASSWORD_CHANGED,
  REFRESH_TOKEN_REUSED,
  SIGN_IN_BLOCKED,
  SOCIAL_ACCOUNT_UNLINKED,
  TWO_FACTOR_CHANGED,
  USER_REGISTERED,
} from '@orion/contracts';
import { eventStreamName } from '@orion/core';
import { eventually, PrivateRedis, SmtpSink, startPrivateRedis, producedStreamEntry } from '@orion/testing';
import { NotificationServiceUnderTest } from './support/notification-service';

const user = NotificationServiceUnderTest.user;
const hhmm = (date: Date) => date.toISOString().slice(11, 16);

/**
 * Security alerts are urgent: quiet hours hold back everything else until the morning, but an
 * alert must reach the owner while an intruder can still be stopped. Events travel on a Redis of
 * this suite's own, so no other running notification service can take them from the stream.
 */
describe('security alerts during the quiet hours', () => {
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let service: NotificationServiceUnderTest;
  const sharedRedis = process.env.TEST_REDIS_URL;

  beforeAll(async () => {
    [redis, smtp] = await Promise.all([startPrivateRedis(), SmtpSink.start()]);
    process.env.TEST_REDIS_URL = redis.url;
    service = await NotificationServiceUnderTest.start(
      { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) },
      { seed: true },
    );
    // Quiet hours from an hour ago to three hours from now, in UTC: the user is asleep now.
    const now = Date.now();
    const version = await putPreferences('notifications', {
      quietHours: { start: hhmm(new Date(now - 3_600_000)), end: hhmm(new Date(now + 3 * 3_600_000)) },
    });
    await projected(version);
  });

  afterAll(async () => {
    await service?.stop();
    await smtp?.stop();
    await redis?.stop();
    if (sharedRedis === undefined) delete process.env.TEST_REDIS_URL;
    else process.env.TEST_REDIS_URL = sharedRedis;
  });

  async function putPreferences(category: string, body: unknown): Promise<number> {
    const current = await service.users.call('GET', `/api/v1/users/me/preferences/${category}`, {
      as: user.id,
    });
    const response = await service.users.call('PUT', `/api/v1/users/me/preferences/${category}`, {
      as: user.id,
      headers: { 'if-match': String(current.headers.etag) },
      body,
    });
    if (response.statusCode !== 200)
      throw new Error(`PUT ${category}: ${response.statusCode} ${response.body}`);
    return Number(String(response.headers.etag).replace(/\D/g, ''));
  }

  async function projected(version: number): Promise<void> {
    await eventually(async () => {
      const [row] = await service.query<{ version: number; quiet_hours_start: string | null }>(
        'SELECT version, quiet_hours_start FROM user_delivery_settings WHERE user_id = $1',
        [user.id],
      );
      return row && row.version >= version && row.quiet_hours_start !== null;
    }, 'the quiet hours to reach the notification service');
  }

  /** Adds the event to its stream as the producer's relay would; resolves to its notifications. */
  async function publish(contract: EventContract<unknown>, payload: Record<string, unknown>) {
    const id = randomUUID();
    const entry = producedStreamEntry({ id, name: contract.name, payload, meta: {}, occurredAt: new Date() });
    await service.redis.xadd(eventStreamName(service.namespace, contract.name), '*', ...entry);
    return eventually(
      async () => {
        const rows = await service.query<{ id: string; channel: string; priority: string }>(
          'SELECT id, channel, priority FROM notifications WHERE idempotency_key = $1 ORDER BY channel',
          [`event:${id}`],
        );
        return rows.length > 0 && rows;
      },
      `a notification from ${contract.name}`,
      { timeoutMs: 20_000 },
    );
  }

  const occurredAt = () => new Date().toISOString();
  const ALERTS: [string, EventContract<unknown>, () => Record<string, unknown>][] = [
    [
      'password changed',
      PASSWORD_CHANGED,
      () => ({ userId: user.id, method: 'change', occurredAt: occurredAt() }),
    ],
    [
      'factor removed',
      TWO_FACTOR_CHANGED,
      () => ({ userId: user.id, change: 'disabled', method: 'totp', methods: [], occurredAt: occurredAt() }),
    ],
    [
      'new device',
      NEW_DEVICE_SIGNED_IN,
      () => ({
        userId: user.id,
        email: user.email,
        ip: '203.0.113.9',
        deviceId: randomUUID(),
        deviceName: 'Safari on iOS',
        occurredAt: occurredAt(),
      }),
    ],
    [
      'refresh-token reuse',
      REFRESH_TOKEN_REUSED,
      () => ({ userId: user.id, familyId: randomUUID(), ip: '198.51.100.4', occurredAt: occurredAt() }),
    ],
    [
      'account locked',
      ACCOUNT_LOCKED,
      () => ({
        userId: user.id,
        consecutiveFailures: 10,
        lockedUntil: new Date(Date.now() + 900_000).toISOString(),
        occurredAt: occurredAt(),
      }),
    ],
    [
      'sign-in blocked',
      SIGN_IN_BLOCKED,
      () => ({
        userId: user.id,
        email: user.email,
        ip: '192.0.2.77',
        riskScore: 80,
        reasons: ['new_country'],
        occurredAt: occurredAt(),
      }),
    ],
    [
      'provider unlinked',
      SOCIAL_ACCOUNT_UNLINKED,
      () => ({ userId: user.id, provider: 'google', occurredAt: occurredAt() }),
    ],
  ];

  it('holds back an ordinary message until the quiet hours end', async () => {
    const [welcome] = await publish(USER_REGISTERED, {
      userId: user.id,
      email: user.email,
      displayName: 'Uma User',
      occurredAt: occurredAt(),
    });
    const row = await service.waitForStatus(welcome!.id, ['SCHEDULED']);
    expect((row.scheduled_at as Date).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
  });

  it.each(ALERTS)(
    '%s: sent at once, as urgent, although the user is in quiet hours',
    async (_name, contract, payload) => {
      const rows = await publish(contract, payload());
      expect(rows.map((row) => row.channel)).toEqual(['EMAIL', 'IN_APP']);
      for (const row of rows) {
        const settled = await service.waitForStatus(row.id, ['SENT', 'DELIVERED', 'READ', 'SCHEDULED']);
        expect(settled).toMatchObject({
          status: expect.stringMatching(/^(SENT|DELIVERED|READ)$/),
          scheduled_at: null,
        });
        expect(row.priority).toBe('CRITICAL');
      }
      const email = rows.find((row) => row.channel === 'EMAIL')!;
      const mail = await smtp.waitForMessage((m) => m.headers['x-orion-notification-id'] === email.id);
      expect(mail.to).toContain(user.email);
    },
  );
});
