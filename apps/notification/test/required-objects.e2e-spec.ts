import type { LightMyRequestResponse } from 'fastify';
import { NotificationServiceUnderTest } from './support/notification-service';

const admin = NotificationServiceUnderTest.admin.id;

/** A required nested object that is missing (or not an object) is a 400 naming it, never a 500. */
describe('required nested objects in request bodies', () => {
  let service: NotificationServiceUnderTest;
  let apiKey: string;

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start();
    apiKey = (await service.apiKey(['notifications:send'])).key;
  });

  afterAll(async () => {
    await service?.stop();
  });

  const expectInvalidField = (response: LightMyRequestResponse, field: string) => {
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json<{ code: string; errors: Array<{ field: string }> }>();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e) => e.field)).toContain(field);
  };

  it('answers a send without a recipient, or with a recipient that is not an object, with 400', async () => {
    const content = { subject: 'Hello', text: 'Hello there' };
    const missing = await service.call('POST', '/api/v1/notifications', { apiKey, body: { content } });
    expectInvalidField(missing, 'recipient');
    const text = await service.call('POST', '/api/v1/notifications', {
      apiKey,
      body: { recipient: 'ops@example.com', content },
    });
    expectInvalidField(text, 'recipient');
    expect(await service.query('SELECT id FROM notifications')).toHaveLength(0);
  });

  it('answers a batch without a template with 400', async () => {
    const response = await service.call('POST', '/api/v1/notification-batches', {
      as: admin,
      body: { name: 'No template', recipients: [admin] },
    });
    expectInvalidField(response, 'template');
    expect(await service.query('SELECT id FROM notification_batches')).toHaveLength(0);
  });

  it('answers a push subscription without keys with 400', async () => {
    const response = await service.call('POST', '/api/v1/push-subscriptions', {
      as: admin,
      body: { endpoint: 'https://push.example.com/send/abc' },
    });
    expectInvalidField(response, 'keys');
  });
});
