import Redis from 'ioredis';
import { eventStreamName, EventSubscriptions, OutboxRetention } from '@orion/core';
import { eventually, PrivateRedis, SinkMail, SmtpSink, startPrivateRedis } from '@orion/testing';
import { NotificationServiceUnderTest } from '../../notification/test/support/notification-service';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'quiet-harbour-lantern-31';
const NEW_PASSWORD = 'orchard-pelican-thunder-58';
// Streams stay untrimmed until the retention test, so what the relays added can be read back.
const KEEP_STREAMS = { EVENT_STREAM_TRIM_INTERVAL_S: '0' };

type Entry = [id: string, fields: string[]];

/**
 * Whoever can read Redis or an outbox table must not learn a password, a reset link, a
 * verification token or a one-time code. The three services run on a Redis of this suite's own,
 * with a MONITOR connection recording every command any of them sends; a real SMTP sink receives
 * the e-mails, and the secrets the test then uses come from those e-mails alone.
 */
describe('secrets on the bus and in outboxes', () => {
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let auth: AuthServiceUnderTest;
  let notification: NotificationServiceUnderTest;
  let observer: Redis;
  let monitor: Redis;
  const commands: string[] = [];
  const sharedRedis = process.env.TEST_REDIS_URL;
  const secrets: Record<string, string> = { password: PASSWORD, newPassword: NEW_PASSWORD };
  const email = uniqueEmail('sealed');

  beforeAll(async () => {
    [redis, smtp] = await Promise.all([startPrivateRedis(), SmtpSink.start()]);
    process.env.TEST_REDIS_URL = redis.url;
    observer = new Redis(redis.url);
    monitor = await observer.monitor();
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args.join(' ')));
    auth = await AuthServiceUnderTest.start(KEEP_STREAMS, { userEnv: KEEP_STREAMS });
    notification = await NotificationServiceUnderTest.start(
      { ...KEEP_STREAMS, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) },
      { seed: true, users: auth.users },
    );
  });

  afterAll(async () => {
    monitor?.disconnect();
    observer?.disconnect();
    await notification?.stop();
    await auth?.stop();
    await smtp?.stop();
    await redis?.stop();
    if (sharedRedis === undefined) delete process.env.TEST_REDIS_URL;
    else process.env.TEST_REDIS_URL = sharedRedis;
  });

  const mailTo = (address: string, subject: RegExp): Promise<SinkMail> =>
    smtp.waitForMessage(
      (mail) => mail.to.includes(address.toLowerCase()) && subject.test(mail.subject),
      20_000,
    );
  const textOf = (mail: SinkMail) => `${mail.text ?? ''}\n${mail.html ?? ''}`;

  it('delivers the verification link, reset link and code by e-mail, and sign-in works, all through sealed payloads', async () => {
    expect(
      (await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: PASSWORD } })).statusCode,
    ).toBe(202);
    const verification = await mailTo(email, /Confirm your e-mail/);
    const token = /verify-email\?token=([A-Za-z0-9_-]{43})/.exec(textOf(verification))?.[1];
    expect(token).toBeDefined();
    secrets.verificationToken = token!;
    const verified = await auth.users.call('POST', '/api/v1/email-verification/verify', { body: { token } });
    expect(verified.statusCode).toBe(200);

    const signedIn = await auth.signIn(email, PASSWORD);
    expect(signedIn.statusCode).toBe(200);
    const accessToken = signedIn.json().accessToken as string;

    const started = await auth.call('POST', '/api/v1/two-factor/email', { bearer: accessToken });
    expect(started.statusCode).toBe(202);
    const codeMail = await mailTo(email, /sign-in code/);
    const code = /\b([0-9]{6})\b/.exec(textOf(codeMail))?.[1];
    expect(code).toBeDefined();
    secrets.code = code!;
    const enrolled = await auth.call('POST', '/api/v1/two-factor/email/confirm', {
      bearer: accessToken,
      body: { code },
    });
    expect(enrolled.statusCode).toBe(200);

    expect((await auth.call('POST', '/api/v1/auth/password-reset', { body: { email } })).statusCode).toBe(
      202,
    );
    const reset = await mailTo(email, /Reset your Orion password/);
    const resetToken = /reset-password\?token=([A-Za-z0-9_-]{43})/.exec(textOf(reset))?.[1];
    expect(resetToken).toBeDefined();
    secrets.resetToken = resetToken!;
    const confirmed = await auth.call('POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: resetToken, password: NEW_PASSWORD },
    });
    expect(confirmed.statusCode).toBe(204);
    // The new password is what the user service now accepts (the second factor comes next).
    const again = await auth.signIn(email, NEW_PASSWORD);
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('mfa_required');
    expect((await auth.signIn(email, PASSWORD)).statusCode).toBe(401);
  });

  it('never let Redis see a password, link, token or code: every command any service sent', () => {
    expect(commands.some((line) => line.includes('user.credentials.verify.v1'))).toBe(true);
    expect(commands.some((line) => line.includes('sealed:v1:user:'))).toBe(true);
    expect(commands.some((line) => line.includes('sealed:v1:notification:'))).toBe(true);
    for (const [name, secret] of Object.entries(secrets)) {
      const leaks = commands.filter((line) =>
        line.includes(name === 'code' ? `"oneTimeCode":"${secret}"` : secret),
      );
      expect([name, leaks]).toEqual([name, []]);
    }
    const codeEvents = commands.filter(
      (line) => line.includes('auth.two-factor-code-requested.v1') && /^xadd /i.test(line),
    );
    expect(codeEvents.length).toBeGreaterThan(0);
    for (const line of codeEvents) expect(line).not.toContain(secrets.code);
  });

  it('keeps only sealed values in the outboxes of all three services and in the event streams', async () => {
    const outboxes = [
      ...(await auth.query<{ name: string; payload: string }>(
        'SELECT name, payload::text AS payload FROM outbox_events',
      )),
      ...(await auth.users.query<{ name: string; payload: string }>(
        'SELECT name, payload::text AS payload FROM outbox_events',
      )),
      ...(await notification.query<{ name: string; payload: string }>(
        'SELECT name, payload::text AS payload FROM outbox_events',
      )),
    ];
    const streams = await auth.redis.keys(eventStreamName(auth.namespace, '*'));
    const entries: string[] = [];
    for (const stream of streams) {
      if ((await auth.redis.type(stream)) !== 'stream') continue;
      for (const [, fields] of (await auth.redis.xrange(stream, '-', '+')) as Entry[])
        entries.push(fields.join(' '));
    }
    const carrying = (name: string) => outboxes.filter((row) => row.name === name);
    expect(carrying('auth.password-reset-requested.v1')[0]?.payload).toMatch(
      /"resetUrl": "sealed:v1:notification:/,
    );
    expect(carrying('auth.two-factor-code-requested.v1')[0]?.payload).toMatch(
      /"oneTimeCode": "sealed:v1:notification:/,
    );
    expect(carrying('user.email-verification-requested.v1')[0]?.payload).toMatch(
      /"token": "sealed:v1:notification:/,
    );
    expect(entries.some((entry) => entry.includes('sealed:v1:notification:'))).toBe(true);
    for (const [name, secret] of Object.entries(secrets)) {
      const pattern = name === 'code' ? `"oneTimeCode":"${secret}"` : secret;
      expect([name, outboxes.filter((row) => row.payload.replace(/\s/g, '').includes(pattern))]).toEqual([
        name,
        [],
      ]);
      expect([name, entries.filter((entry) => entry.includes(pattern))]).toEqual([name, []]);
    }
  });

  it('purges delivered outbox rows in every service once the retention has passed, and trims acknowledged stream entries', async () => {
    const services = [
      { name: 'auth', app: auth.app, query: auth.query.bind(auth) },
      { name: 'user', app: auth.users.app, query: auth.users.query.bind(auth.users) },
      { name: 'notification', app: notification.app, query: notification.query.bind(notification) },
    ];
    // Everything is published by now; none of it is old enough yet.
    for (const service of services) {
      const retention = service.app.get(OutboxRetention);
      await eventually(async () => {
        const [row] = await service.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL',
        );
        return row!.n === 0;
      }, `${service.name} to publish its outbox`);
      const before = await service.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox_events');
      expect(await retention.purge(new Date())).toBe(0);
      const later = new Date(Date.now() + 61_000);
      expect(await retention.purge(later)).toBe(before[0]!.n);
      expect(await service.query('SELECT id FROM outbox_events')).toEqual([]);
    }

    const stream = eventStreamName(auth.namespace, 'auth.password-reset-requested.v1');
    expect(await auth.redis.xlen(stream)).toBeGreaterThan(0);
    await eventually(async () => {
      await notification.app.get(EventSubscriptions).trimAcknowledged();
      await auth.users.app.get(EventSubscriptions).trimAcknowledged();
      return (await auth.redis.xlen(stream)) === 0;
    }, 'the handled reset event to be trimmed');
    // The consumer group stays, ready for the next event.
    expect(((await auth.redis.xinfo('GROUPS', stream)) as unknown[]).length).toBeGreaterThan(0);
  });
});
