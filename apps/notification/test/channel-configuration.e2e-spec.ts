import { SmtpSink } from '@orion/testing';
import { NotificationServiceUnderTest } from './support/notification-service';

const NOTIFICATIONS = '/api/v1/notifications';
const BATCHES = '/api/v1/notification-batches';
const admin = NotificationServiceUnderTest.admin.id;
const sampleUser = NotificationServiceUnderTest.user.id;

type Sent = { notifications: Array<{ id: string; channel: string }> };

/**
 * A send on a channel without a provider is refused before anything is stored (the boot warning
 * is in test/platform/channel-warnings.e2e-spec.ts). In development, SMS and push without a provider reach
 * the mail catcher as e-mails (the outbox), never in production.
 */
describe('a service whose e-mail, SMS and push have no provider', () => {
  let service: NotificationServiceUnderTest;
  let apiKey: string;

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start({}, { seed: true });
    apiKey = (await service.apiKey(['notifications:send'])).key;
  });

  afterAll(async () => {
    await service?.stop();
  });

  const count = async () =>
    Number((await service.query<{ n: string }>('SELECT count(*) AS n FROM notifications'))[0]!.n);

  it('refuses a send on a named unconfigured channel with 422, storing nothing', async () => {
    const before = await count();
    const response = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: { recipient: { phone: '+15551234567' }, channels: ['SMS'], content: { text: 'Code 123456' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'CHANNEL_NOT_CONFIGURED', channels: ['SMS'] });
    // Which variables would configure it is for the operator's log, not the caller.
    expect(response.body).not.toContain('TWILIO');
    expect(await count()).toBe(before);
  });

  it('refuses when none of the implied channels is configured, and keeps the configured ones', async () => {
    const before = await count();
    const onlyEmail = await service.call('POST', NOTIFICATIONS, {
      apiKey,
      body: { recipient: { email: 'ada@example.com' }, content: { subject: 'Hi', text: 'Hello' } },
    });
    expect([onlyEmail.statusCode, onlyEmail.json().code]).toEqual([422, 'CHANNEL_NOT_CONFIGURED']);
    expect(await count()).toBe(before);

    // The welcome template defaults to EMAIL and IN_APP: only the inbox copy is stored.
    const welcome = await service.call('POST', NOTIFICATIONS, {
      as: admin,
      body: {
        recipient: { userId: sampleUser },
        template: { key: 'account.welcome' },
        variables: { signInUrl: 'https://app.orion.test/sign-in' },
      },
    });
    expect(welcome.statusCode).toBe(202);
    expect(welcome.json<Sent>().notifications.map((n) => n.channel)).toEqual(['IN_APP']);
  });

  it('refuses a batch naming an unconfigured channel before storing it', async () => {
    const batchKey = (await service.apiKey(['notifications:send', 'notifications:read'])).key;
    const response = await service.call('POST', BATCHES, {
      apiKey: batchKey,
      body: {
        name: 'Welcome wave',
        template: { key: 'account.welcome' },
        channels: ['EMAIL', 'IN_APP'],
        recipients: [sampleUser],
        variables: { signInUrl: 'https://app.orion.test/sign-in' },
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'CHANNEL_NOT_CONFIGURED', channels: ['EMAIL'] });
    const [{ n }] = await service.query<{ n: string }>('SELECT count(*) AS n FROM notification_batches');
    expect(Number(n)).toBe(0);
  });
});

describe('the development outbox', () => {
  let smtp: SmtpSink;
  let service: NotificationServiceUnderTest;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    service = await NotificationServiceUnderTest.start({
      NODE_ENV: 'development',
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await smtp?.stop();
  });

  it('delivers an SMS as an e-mail to the mail catcher, marked with the number', async () => {
    const response = await service.call('POST', NOTIFICATIONS, {
      as: admin,
      body: {
        recipient: { phone: '+15551234567' },
        channels: ['SMS'],
        content: { text: 'Your Orion code is 123456' },
      },
    });
    expect(response.statusCode).toBe(202);
    const [{ id }] = response.json<Sent>().notifications;
    const mail = await smtp.waitForMessage((m) => m.subject.startsWith('[SMS'));
    expect(mail.subject).toBe('[SMS to +15551234567]');
    expect(mail.text?.trim()).toBe('Your Orion code is 123456');
    expect(mail.headers['x-orion-notification-id']).toBe(id);
    const row = await service.waitForStatus(id, ['SENT']);
    expect(row.channel).toBe('SMS');
    const [attempt] = await service.query<{ provider: string }>(
      'SELECT provider FROM delivery_attempts WHERE notification_id = $1',
      [id],
    );
    expect(attempt!.provider).toBe('dev-outbox-sms');
  });

  it('delivers a push the same way, marked with the user and carrying its title and data', async () => {
    const response = await service.call('POST', NOTIFICATIONS, {
      as: admin,
      body: {
        recipient: { userId: sampleUser },
        channels: ['PUSH'],
        content: { title: 'Order shipped', text: 'Your order 42 is on its way.', payload: { orderId: 42 } },
      },
    });
    expect(response.statusCode).toBe(202);
    const mail = await smtp.waitForMessage((m) => m.subject.startsWith('[Push'));
    expect(mail.subject).toBe(`[Push to user ${sampleUser}] Order shipped`);
    expect(mail.text).toContain('Your order 42 is on its way.');
    expect(mail.text).toContain('"orderId": 42');
  });
});
