import { eventually, sleep } from '@orion/testing';
import { InboxItem, OrionClient } from '@orion/client';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { SYSTEM_ROLES } from '../../../prisma/user/seed-data';
import { SAMPLE_ADMIN } from '../../../prisma/sample-accounts';
import { Platform, queryDatabase, startPlatform } from '../harness';
import {
  clientAddress,
  expectStatus,
  mailTo,
  orionClient,
  problemOf,
  sessionOf,
  tokenFromLink,
  uniqueAddress,
} from './journey-client';
import { streamLink } from './stream-link';

const PASSWORD = 'a-kettle-sings-in-the-mountain-hut';
const SUPPORT_ROLE = SYSTEM_ROLES.find((role) => role.slug === 'support')!.id;
const ME = '/api/v1/users/me';

describe('journeys of administrators and backends across the three services', () => {
  let platform: Platform;
  let admin: OrionClient;

  beforeAll(async () => {
    platform = await startPlatform({
      seed: true,
      logLevel: 'warn',
      serviceEnv: { auth: { TRUST_PROXY: '127.0.0.1' } },
    });
    admin = orionClient(platform, { headers: clientAddress() });
    const signIn = await admin.signIn({
      email: SAMPLE_ADMIN.email,
      password: SAMPLE_ADMIN.developmentPassword,
    });
    expect(sessionOf(signIn).accessToken).toEqual(expect.any(String));
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  /** Signs up, verifies and signs in a member from an address of their own. */
  async function member(label: string, options: Parameters<typeof orionClient>[1] = {}) {
    const email = uniqueAddress(label);
    const client = orionClient(platform, { ...options, headers: clientAddress() });
    expectStatus(
      await client.auth.POST('/api/v1/auth/sign-up', { body: { email, password: PASSWORD } }),
      202,
    );
    const verification = await mailTo(platform.smtp, email, /Confirm your e-mail address/);
    expectStatus(
      await client.user.POST('/api/v1/email-verification/verify', {
        body: { token: tokenFromLink(verification) },
      }),
      200,
    );
    const signIn = await client.signIn({ email, password: PASSWORD });
    expect(signIn.status).toBe('authenticated');
    const me = await client.user.GET(ME);
    return { email, client, id: me.data!.id };
  }

  it('5. a time-bound role granted in one organisation allows the action there, not elsewhere, and not after expiry', async () => {
    const me = await member('journey-five');
    const acme = randomUUID();
    const globex = randomUUID();
    const expiresAt = new Date(Date.now() + 8_000);

    const grant = await admin.user.POST('/api/v1/users/{userId}/roles', {
      params: { path: { userId: me.id } },
      body: { roleId: SUPPORT_ROLE, scope: 'ORG', scopeId: acme, expiresAt: expiresAt.toISOString() },
    });
    expectStatus(grant, 201);

    const view = (org: string) =>
      me.client.user.GET('/api/v1/orgs/{orgId}/holders', {
        params: { path: { orgId: org }, query: { permission: 'users:read' } },
      });
    const inAcme = await view(acme);
    expectStatus(inAcme, 200);
    expect(inAcme.data!.items.map((holder: { id: string }) => holder.id)).toContain(me.id);
    expect((await problemOf(view(globex))).status).toBe(403);

    // The grant's end is read by a separate process's clock: only real time moves it.
    await sleep(Math.max(0, expiresAt.getTime() - Date.now() + 200));
    const expired = await problemOf(view(acme));
    expect([expired.status, expired.code]).toEqual([403, 'PERMISSION_DENIED']);
  });

  it('6. a backend with an API key sends one templated notification to a webhook, Slack and Discord', async () => {
    // Creating a key is a sensitive change: the operator confirms the password first.
    const stepUp = await admin.auth.POST('/api/v1/auth/step-up', {
      body: { method: 'password', password: SAMPLE_ADMIN.developmentPassword },
    });
    expectStatus(stepUp, 200);
    const issued = await admin.user.POST('/api/v1/users/me/api-keys', {
      headers: { authorization: `Bearer ${stepUp.data!.accessToken}` },
      body: { name: 'release pipeline', scopes: ['notifications:send'] },
    });
    expectStatus(issued, 201);
    const backend = orionClient(platform, { apiKey: issued.data!.key });

    // An operator registers the receiver once; the backend then sends with its key.
    const endpoint = await admin.notification.POST('/api/v1/webhook-endpoints', {
      body: { url: platform.http.url('/hooks/releases'), description: 'release feed' },
    });
    expectStatus(endpoint, 201);

    const key = `ops.release-${randomUUID().slice(0, 8)}`;
    const payload = { release: '{{version}}', summary: 'Release {{version}} is live' };
    const created = await admin.notification.POST('/api/v1/templates', {
      body: {
        key,
        category: 'SYSTEM',
        description: 'A release went live',
        defaultChannels: ['WEBHOOK', 'SLACK', 'DISCORD'],
        variables: [{ name: 'version', type: 'string', required: true, sample: '1.0.0' }],
        content: { en: { WEBHOOK: { payload }, SLACK: { payload }, DISCORD: { payload } } },
      },
    });
    expectStatus(created, 201);
    expectStatus(
      await admin.notification.POST('/api/v1/templates/{key}/publish', { params: { path: { key } } }),
      201,
    );

    const send = {
      recipient: {
        webhookEndpointId: endpoint.data!.id,
        slackWebhookUrl: platform.http.url('/slack/T000/B000/XXXX'),
        discordWebhookUrl: platform.http.url('/api/webhooks/1/abc'),
      },
      template: { key },
      variables: { version: '2.4.0' },
    };
    const idempotencyKey = `release-2.4.0-${key}`;
    const accepted = await backend.sendNotification(send, { idempotencyKey });
    expect(accepted.status).toBe(202);
    expect(accepted.notifications.map((n) => n.channel).sort()).toEqual(['DISCORD', 'SLACK', 'WEBHOOK']);
    // The same request again (a retried call) is answered with the original, and sends nothing new.
    const retried = await backend.sendNotification(send, { idempotencyKey });
    expect([retried.status, retried.created]).toEqual([200, false]);

    const requestsTo = (prefix: string) => platform.http.requests().filter((r) => r.path.startsWith(prefix));
    await eventually(
      async () =>
        ['/hooks/', '/slack/', '/api/webhooks/'].every((p) => requestsTo(p).length > 0) ? true : undefined,
      'all three deliveries',
      { timeoutMs: 30_000 },
    );

    const [hook] = requestsTo('/hooks/');
    const verified = new Webhook(endpoint.data!.secret).verify(hook!.text, {
      'webhook-id': String(hook!.headers['webhook-id']),
      'webhook-timestamp': String(hook!.headers['webhook-timestamp']),
      'webhook-signature': String(hook!.headers['webhook-signature']),
    });
    expect(JSON.stringify(verified)).toContain('2.4.0');
    const [slack] = requestsTo('/slack/');
    expect(slack!.json).toMatchObject({ text: expect.stringContaining('2.4.0'), blocks: expect.any(Array) });
    const [discord] = requestsTo('/api/webhooks/');
    expect(JSON.stringify(discord!.json)).toContain('2.4.0');

    for (const { id } of accepted.notifications) {
      await eventually(async () => {
        const n = await backend.notification.GET('/api/v1/notifications/{id}', { params: { path: { id } } });
        return ['SENT', 'DELIVERED'].includes(n.data!.status) ? n.data : undefined;
      }, `notification ${id} to be sent`);
    }
    expect(requestsTo('/hooks/')).toHaveLength(1);
    expect(requestsTo('/slack/')).toHaveLength(1);
    expect(requestsTo('/api/webhooks/')).toHaveLength(1);
  });

  it('7. the inbox stream comes back after losing its connection and delivers what arrived meanwhile', async () => {
    const link = streamLink();
    const reader = await member('journey-seven', { fetch: link.fetch });
    const inApp = (text: string) =>
      admin.sendNotification({ recipient: { userId: reader.id }, channels: ['IN_APP'], content: { text } });
    let connections = 0;
    const stream = reader.client.inbox.stream({ reconnectDelayMs: 50, onConnect: () => (connections += 1) });
    const items = stream[Symbol.asyncIterator]();
    try {
      const live = items.next();
      await eventually(async () => (connections === 1 ? true : undefined), 'the stream to connect');
      await inApp('before the cut');
      const first = (await live).value as InboxItem;
      expect(first.body).toBe('before the cut');

      link.holdReconnects();
      link.cut();
      const next = items.next();
      await eventually(async () => (link.resumedFrom.length === 2 ? true : undefined), 'a reconnect');
      await inApp('while disconnected');
      await eventually(async () => {
        const inbox = await reader.client.notification.GET('/api/v1/inbox');
        return inbox.data!.items.some((i) => i.body === 'while disconnected') ? true : undefined;
      }, 'the item to be in the inbox');
      link.releaseReconnects();

      expect(((await next).value as InboxItem).body).toBe('while disconnected');
      expect(link.resumedFrom).toEqual([null, first.id]);
    } finally {
      stream.close();
    }
  });

  it('8. two concurrent calls with an expired access token cause exactly one refresh', async () => {
    let clock = Date.now();
    const link = streamLink();
    const { client, id } = await member('journey-eight', { now: () => clock, fetch: link.fetch });
    const signedIn = (await client.session())!;
    clock = signedIn.accessTokenExpiresAt + 1;

    const [first, second] = await Promise.all([client.user.GET(ME), client.user.GET(ME)]);
    expect([first.data!.id, second.data!.id]).toEqual([id, id]);
    expect(link.refreshes).toBe(1);
    const refreshed = (await client.session())!;
    expect(refreshed.accessToken).not.toBe(signedIn.accessToken);
    const rotations = await queryDatabase<{ tokens: number; generation: number }>(
      platform.auth.database.url,
      "SELECT count(*)::int AS tokens, max(generation) AS generation FROM auth_tokens WHERE user_id = $1 AND type = 'REFRESH'",
      [id],
    );
    expect(rotations).toEqual([{ tokens: 2, generation: 1 }]);
  });
});
