import { SmtpSink } from '@orion/testing';
import { NotificationServiceUnderTest } from './support/notification-service';

const admin = NotificationServiceUnderTest.admin.id;
const sampleUser = NotificationServiceUnderTest.user.id;
const TEMPLATES = '/api/v1/templates';

const invoiceDraft = (subject: string) => ({
  variables: [
    { name: 'name', type: 'string', required: true, sample: 'Ada' },
    { name: 'amount', type: 'number', required: true, sample: 12.5 },
    { name: 'link', type: 'url', required: false, sample: 'https://billing.example/1' },
  ],
  content: {
    en: {
      EMAIL: {
        subject,
        text: 'Hi {{name}}, you owe {{amount}}.',
        html: '<p>Hi {{name}}, you owe {{amount}}.</p>',
      },
      SMS: { text: 'Invoice: {{amount}}' },
    },
    de: { EMAIL: { subject: `DE ${subject}`, text: 'Hallo {{name}}, Betrag {{amount}}.' } },
  },
});

describe('templates over HTTP', () => {
  let service: NotificationServiceUnderTest;
  // Sends on EMAIL need a configured relay to be accepted.
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    service = await NotificationServiceUnderTest.start(
      { SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port) },
      { seed: true },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await smtp?.stop();
  });

  const create = (key: string, body: Record<string, unknown> = {}) =>
    service.call('POST', TEMPLATES, {
      as: admin,
      body: { key, category: 'BILLING', ...invoiceDraft('Invoice v1'), ...body },
    });
  const preview = (key: string, body: Record<string, unknown>) =>
    service.call('POST', `${TEMPLATES}/${key}/preview`, { as: admin, body });

  it('creates a draft, publishes versions, and restores an old one as the newest with history kept', async () => {
    const created = await create('billing.invoice');
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key: 'billing.invoice', activeVersion: null, versions: [] });

    const v1 = await service.call('POST', `${TEMPLATES}/billing.invoice/publish`, { as: admin });
    expect(v1.statusCode).toBe(201);
    expect(v1.json()).toMatchObject({ version: 1, restoredFrom: null, publishedById: admin });

    const nothingToPublish = await service.call('POST', `${TEMPLATES}/billing.invoice/publish`, {
      as: admin,
    });
    expect(nothingToPublish.statusCode).toBe(409);
    expect(nothingToPublish.json().code).toBe('TEMPLATE_NO_DRAFT');

    const edited = await service.call('PUT', `${TEMPLATES}/billing.invoice/draft`, {
      as: admin,
      body: { draft: invoiceDraft('Invoice v2') },
    });
    expect(edited.statusCode).toBe(200);
    expect(
      (await service.call('POST', `${TEMPLATES}/billing.invoice/publish`, { as: admin })).json().version,
    ).toBe(2);
    expect((await preview('billing.invoice', { channel: 'EMAIL' })).json().subject).toBe('Invoice v2');

    const restored = await service.call('POST', `${TEMPLATES}/billing.invoice/versions/1/restore`, {
      as: admin,
    });
    expect(restored.statusCode).toBe(201);
    expect(restored.json()).toMatchObject({ version: 3, restoredFrom: 1 });

    const detail = (await service.call('GET', `${TEMPLATES}/billing.invoice`, { as: admin })).json();
    expect(detail.activeVersion).toBe(3);
    expect(detail.draft).toBeNull();
    expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(detail.versions[0].content).toEqual(detail.versions[2].content);
    expect((await preview('billing.invoice', { channel: 'EMAIL' })).json()).toMatchObject({
      version: 3,
      subject: 'Invoice v1',
    });
    expect((await preview('billing.invoice', { channel: 'EMAIL', version: 2 })).json()).toMatchObject({
      version: 2,
      subject: 'Invoice v2',
    });

    const missing = await service.call('POST', `${TEMPLATES}/billing.invoice/versions/9/restore`, {
      as: admin,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('TEMPLATE_VERSION_NOT_FOUND');
  });

  it('refuses to publish a placeholder that is not declared, naming where it is', async () => {
    const draft = invoiceDraft('Invoice {{number}}');
    expect((await create('billing.undeclared', draft)).statusCode).toBe(201);
    const publish = await service.call('POST', `${TEMPLATES}/billing.undeclared/publish`, { as: admin });
    expect(publish.statusCode).toBe(422);
    expect(publish.json()).toMatchObject({
      code: 'TEMPLATE_INVALID',
      errors: [
        {
          location: 'content.de.EMAIL.subject',
          message: 'uses {{number}}, which is not a declared variable',
        },
        {
          location: 'content.en.EMAIL.subject',
          message: 'uses {{number}}, which is not a declared variable',
        },
      ],
    });
  });

  it('falls back from de-AT to de to the default locale', async () => {
    expect((await preview('billing.invoice', { channel: 'EMAIL', locale: 'de-AT' })).json()).toMatchObject({
      locale: 'de',
      subject: 'DE Invoice v1',
      text: 'Hallo Ada, Betrag 12.5.',
    });
    // No German SMS: the default locale answers.
    expect((await preview('billing.invoice', { channel: 'SMS', locale: 'de-AT' })).json()).toMatchObject({
      locale: 'en',
      text: 'Invoice: 12.5',
    });
    expect((await preview('billing.invoice', { channel: 'EMAIL', locale: 'fr-CA' })).json().locale).toBe(
      'en',
    );
  });

  it('escapes a variable in HTML but not in text', async () => {
    const response = await preview('billing.invoice', {
      channel: 'EMAIL',
      variables: { name: '<script>alert(1)</script>' },
    });
    expect(response.statusCode).toBe(200);
    const rendered = response.json();
    expect(rendered.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.text).toBe('Hi <script>alert(1)</script>, you owe 12.5.');
  });

  it('previews the seeded templates with their sample data, in German too', async () => {
    const response = await preview('security.new-device-sign-in', { channel: 'EMAIL', locale: 'de-AT' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 1, locale: 'de', category: 'SECURITY' });
    expect(response.json().text).toContain('Firefox on Linux');
    expect(response.json().text).toContain('15. Januar 2026 um 09:30 UTC');
    const code = await preview('auth.two-factor-code', { channel: 'SMS' });
    expect(code.json()).toMatchObject({
      text: expect.stringContaining('123456'),
      sensitiveVariables: ['code'],
    });
    const unsupported = await preview('security.new-device-sign-in', { channel: 'SLACK' });
    expect(unsupported.statusCode).toBe(422);
    expect(unsupported.json().code).toBe('TEMPLATE_CHANNEL_UNSUPPORTED');
  });

  it('refuses a send whose variables are missing or mistyped with 422 listing each, and stores nothing', async () => {
    const apiKey = (await service.apiKey(['notifications:send'])).key;
    const response = await service.call('POST', '/api/v1/notifications', {
      apiKey,
      body: {
        recipient: { email: 'ada@example.com' },
        template: { key: 'billing.invoice' },
        variables: { amount: 'lots', link: 'not a url' },
        idempotencyKey: 'invoice-bad-variables',
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      code: 'TEMPLATE_VARIABLES_INVALID',
      errors: [
        { variable: 'name', message: 'is required' },
        { variable: 'amount', message: 'must be a number' },
        { variable: 'link', message: 'must be an absolute http(s) URL' },
      ],
    });
    const rows = await service.query('SELECT id FROM notifications WHERE idempotency_key = $1', [
      'invoice-bad-variables',
    ]);
    expect(rows).toHaveLength(0);
  });

  it('records on each notification the version it was rendered from', async () => {
    const apiKey = (await service.apiKey(['notifications:send'])).key;
    const send = (idempotencyKey: string, version?: number) =>
      service.call('POST', '/api/v1/notifications', {
        apiKey,
        body: {
          recipient: { email: 'ada@example.com' },
          template: { key: 'billing.invoice', ...(version && { version }) },
          channels: ['EMAIL'],
          variables: { name: 'Ada', amount: 3 },
          idempotencyKey,
        },
      });
    const active = await send('invoice-active');
    const pinned = await send('invoice-pinned', 2);
    expect([active.statusCode, pinned.statusCode]).toEqual([202, 202]);
    const rows = await service.query<{ idempotency_key: string; template_version: number; subject: string }>(
      `SELECT idempotency_key, template_version, subject FROM notifications
        WHERE idempotency_key IN ('invoice-active', 'invoice-pinned') ORDER BY idempotency_key`,
    );
    expect(rows).toEqual([
      { idempotency_key: 'invoice-active', template_version: 3, subject: 'Invoice v1' },
      { idempotency_key: 'invoice-pinned', template_version: 2, subject: 'Invoice v2' },
    ]);
  });

  it('lets readers list and preview but only managers change templates', async () => {
    const list = await service.call('GET', TEMPLATES, {
      as: sampleUser,
      query: { category: 'SECURITY', limit: '3' },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((t: { key: string }) => t.key)).toEqual([
      'security.account-locked',
      'security.email-changed',
      'security.email-in-use',
    ]);
    expect(list.json().nextCursor).toEqual(expect.any(String));
    const previewed = await service.call('POST', `${TEMPLATES}/account.welcome/preview`, {
      as: sampleUser,
      body: { channel: 'IN_APP' },
    });
    expect(previewed.statusCode).toBe(200);
    const denied = await service.call('POST', `${TEMPLATES}/account.welcome/publish`, { as: sampleUser });
    expect(denied.statusCode).toBe(403);

    // Services use API keys with the same permissions.
    const readerKey = (await service.apiKey(['templates:read'])).key;
    const byService = await service.call('POST', `${TEMPLATES}/account.welcome/preview`, {
      apiKey: readerKey,
      body: { channel: 'EMAIL', locale: 'de' },
    });
    expect(byService.statusCode).toBe(200);
    expect(byService.json().subject).toBe('Willkommen bei Orion');
    const keyDenied = await service.call('DELETE', `${TEMPLATES}/account.welcome`, { apiKey: readerKey });
    expect(keyDenied.statusCode).toBe(403);
  });

  it('deletes softly: the template disappears, its key stays reserved, bad input is a problem', async () => {
    expect((await create('billing.obsolete')).statusCode).toBe(201);
    const removed = await service.call('DELETE', `${TEMPLATES}/billing.obsolete`, { as: admin });
    expect(removed.statusCode).toBe(204);
    expect((await service.call('GET', `${TEMPLATES}/billing.obsolete`, { as: admin })).statusCode).toBe(404);
    const again = await create('billing.obsolete');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TEMPLATE_KEY_TAKEN');
    const [row] = await service.query('SELECT deleted_at FROM templates WHERE key = $1', [
      'billing.obsolete',
    ]);
    expect(row.deleted_at).not.toBeNull();

    const invalid = await service.call('POST', TEMPLATES, {
      as: admin,
      body: { key: 'Bad Key', category: 'NOPE', variables: [{ name: 'x', type: 'color', required: 'yes' }] },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['key', 'category', 'content', 'variables.0.type', 'variables.0.required']),
    );
  });
});
