import { SmtpSink } from '@orion/testing';
import { SendNotificationUseCase } from '../src/notifications/send-notification.usecase';
import { NotificationServiceUnderTest } from './support/notification-service';

const sampleUser = NotificationServiceUnderTest.user;

describe('sending a template to a user', () => {
  let service: NotificationServiceUnderTest;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    service = await NotificationServiceUnderTest.start(
      { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURE: 'false' },
      { seed: true },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await smtp?.stop();
  });

  it("renders the template's default channels in the user's locale (de, from the user service) and delivers them", async () => {
    const key = (await service.apiKey(['notifications:send'])).key;
    const response = await service.call('POST', '/api/v1/notifications', {
      apiKey: key,
      body: {
        recipient: { userId: sampleUser.id },
        template: { key: 'account.welcome' },
        variables: { name: 'Sam', signInUrl: 'https://app.example.com/sign-in' },
        priority: 'high',
      },
    });
    expect(response.statusCode).toBe(202);
    const notifications = response.json<{ notifications: Array<{ id: string; channel: string }> }>()
      .notifications;
    expect(notifications.map((n) => n.channel).sort()).toEqual(['EMAIL', 'IN_APP']);

    const email = notifications.find((n) => n.channel === 'EMAIL')!;
    const mail = await smtp.waitForMessage((m) => m.to.includes(sampleUser.email));
    expect(mail.subject).toBe('Willkommen bei Orion');
    expect(mail.text).toContain('https://app.example.com/sign-in');
    const row = await service.waitForStatus(email.id, ['SENT']);
    expect(row).toMatchObject({
      recipient: sampleUser.email,
      priority: 'HIGH',
      template_version: expect.any(Number),
    });
    await service.waitForStatus(notifications.find((n) => n.channel === 'IN_APP')!.id, ['DELIVERED']);
  });

  it('refuses a send whose template variables are missing, storing nothing', async () => {
    // Counted per caller: events left in the shared Redis streams by other suites may add rows of their own.
    const mine = () =>
      service.query('SELECT id FROM notifications WHERE caller_id = $1', [
        `user:${NotificationServiceUnderTest.admin.id}`,
      ]);
    const before = await mine();
    const response = await service.call('POST', '/api/v1/notifications', {
      as: NotificationServiceUnderTest.admin.id,
      body: { recipient: { userId: sampleUser.id }, template: { key: 'account.welcome' }, variables: {} },
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await mine()).toHaveLength(before.length);
  });

  it('is callable by other features through SendNotificationUseCase, idempotent under the internal caller', async () => {
    const useCase = service.app.get(SendNotificationUseCase);
    const command = {
      recipient: { email: 'ops@example.com' },
      content: { subject: 'Nightly report', text: 'All good.' },
      idempotencyKey: 'nightly-2026-11-26',
    };
    const first = await useCase.execute(command);
    const again = await useCase.execute(command);
    expect(first.created).toBe(true);
    expect(again).toEqual({
      created: false,
      notifications: [expect.objectContaining({ id: first.notifications[0].id })],
    });
    await smtp.waitForMessage((m) => m.subject === 'Nightly report');
    const rows = await service.query(
      'SELECT user_id, caller_id FROM notifications WHERE idempotency_key = $1',
      ['nightly-2026-11-26'],
    );
    expect(rows).toEqual([{ user_id: null, caller_id: 'internal' }]);
  });

  it('delivers a one-time code, never shows it to anyone else, and wipes it once sent', async () => {
    const key = (await service.apiKey(['notifications:send', 'notifications:read'])).key;
    const code = '730146';
    const response = await service.call('POST', '/api/v1/notifications', {
      apiKey: key,
      body: {
        recipient: { email: 'code-reader@example.com' },
        template: { key: 'auth.two-factor-code' },
        variables: { code, expiresInMinutes: 5 },
        priority: 'urgent',
      },
    });
    expect(response.statusCode).toBe(202);
    const [{ id }] = response.json().notifications;

    const mail = await smtp.waitForMessage((m) => m.to.includes('code-reader@example.com'));
    expect(mail.text).toContain(code);
    await service.waitForStatus(id, ['SENT']);
    const [row] = await service.query<{ body: string; data: string }>(
      'SELECT body, data::text AS data FROM notifications WHERE id = $1',
      [id],
    );
    expect(row.body).not.toContain(code);
    expect(row.data).not.toContain(code);
    const shown = await service.call('GET', `/api/v1/notifications/${id}`, { apiKey: key });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain(code);
    expect(shown.json().body).toBe('[redacted]');
  });
});
