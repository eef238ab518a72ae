import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { SYSTEM_ROLES } from '../../../prisma/user/seed-data';
import { SAMPLE_ADMIN } from '../../../prisma/sample-accounts';
import { Platform, startPlatform } from '../harness';
import {
  api,
  clientAddress,
  eventually,
  expectStatus,
  mailTo,
  signInAsSampleAdmin,
  tokenFromLink,
  uniqueAddress,
} from './journey-client';

const PASSWORD = 'a-kettle-sings-in-the-mountain-hut';
const SUPPORT_ROLE = SYSTEM_ROLES.find((role) => role.slug === 'support')!.id;

describe('journeys of administrators and backends across the three services', () => {
  let platform: Platform;
  let adminToken: string;

  beforeAll(async () => {
    platform = await startPlatform({
      seed: true,
      logLevel: 'warn',
      serviceEnv: { auth: { TRUST_PROXY: '127.0.0.1' } },
    });
    adminToken = await signInAsSampleAdmin(platform.auth, clientAddress());
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('5. a time-bound role granted in one organisation allows the action there, not elsewhere, and not after expiry', async () => {
    const email = uniqueAddress('journey-five');
    const from = clientAddress();
    const signUp = await api(platform.auth, 'POST', '/auth/sign-up', {
      body: { email, password: PASSWORD },
      headers: from,
    });
    expectStatus(signUp, 202);
    const verification = await mailTo(platform.smtp, email, /Confirm your e-mail address/);
    expectStatus(
      await api(platform.user, 'POST', '/email-verification/verify', {
        body: { token: tokenFromLink(verification) },
      }),
      200,
    );
    const signIn = await api(platform.auth, 'POST', '/auth/sign-in', {
      body: { email, password: PASSWORD },
      headers: from,
    });
    expectStatus(signIn, 200);
    const member = signIn.body.accessToken;
    const me = await api(platform.user, 'GET', '/users/me', { bearer: member });
    const acme = randomUUID();
    const globex = randomUUID();
    const expiresAt = new Date(Date.now() + 8_000);

    const grant = await api(platform.user, 'POST', `/users/${me.body.id}/roles`, {
      bearer: adminToken,
      body: { roleId: SUPPORT_ROLE, scope: 'ORG', scopeId: acme, expiresAt: expiresAt.toISOString() },
    });
    expectStatus(grant, 201);

    const view = (org: string) =>
      api(platform.user, 'GET', `/orgs/${org}/holders?permission=users:read`, { bearer: member });
    const inAcme = await view(acme);
    expectStatus(inAcme, 200);
    expect(inAcme.body.items.map((holder: { id: string }) => holder.id)).toContain(me.body.id);
    expect((await view(globex)).status).toBe(403);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt.getTime() - Date.now() + 200)));
    const expired = await view(acme);
    expect([expired.status, expired.body.code]).toEqual([403, 'PERMISSION_DENIED']);
  });

  it('6. a backend with an API key sends one templated notification to a webhook, Slack and Discord', async () => {
    // Creating a key is a sensitive change: the operator confirms the password first.
    const stepUp = await api(platform.auth, 'POST', '/auth/step-up', {
      bearer: adminToken,
      body: { method: 'password', password: SAMPLE_ADMIN.developmentPassword },
      headers: clientAddress(),
    });
    expectStatus(stepUp, 200);
    const issued = await api(platform.user, 'POST', '/users/me/api-keys', {
      bearer: stepUp.body.accessToken,
      body: { name: 'release pipeline', scopes: ['notifications:send'] },
    });
    expectStatus(issued, 201);
    const apiKey: string = issued.body.key;

    // An operator registers the receiver once; the backend then sends with its key.
    const endpoint = await api(platform.notification, 'POST', '/webhook-endpoints', {
      bearer: adminToken,
      body: { url: platform.http.url('/hooks/releases'), description: 'release feed' },
    });
    expectStatus(endpoint, 201);

    const key = `ops.release-${randomUUID().slice(0, 8)}`;
    const payload = { release: '{{version}}', summary: 'Release {{version}} is live' };
    const created = await api(platform.notification, 'POST', '/templates', {
      bearer: adminToken,
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
      await api(platform.notification, 'POST', `/templates/${key}/publish`, { bearer: adminToken }),
      201,
    );

    const send = {
      recipient: {
        webhookEndpointId: endpoint.body.id,
        slackWebhookUrl: platform.http.url('/slack/T000/B000/XXXX'),
        discordWebhookUrl: platform.http.url('/api/webhooks/1/abc'),
      },
      template: { key },
      variables: { version: '2.4.0' },
      idempotencyKey: `release-2.4.0-${key}`,
    };
    const accepted = await api(platform.notification, 'POST', '/notifications', { apiKey, body: send });
    expectStatus(accepted, 202);
    expect(accepted.body.notifications.map((n: { channel: string }) => n.channel).sort()).toEqual([
      'DISCORD',
      'SLACK',
      'WEBHOOK',
    ]);
    // The same request again (a retried call) is answered with the original, and sends nothing new.
    const retried = await api(platform.notification, 'POST', '/notifications', { apiKey, body: send });
    expectStatus(retried, 200);

    const requestsTo = (prefix: string) => platform.http.requests().filter((r) => r.path.startsWith(prefix));
    await eventually(
      async () =>
        ['/hooks/', '/slack/', '/api/webhooks/'].every((p) => requestsTo(p).length > 0) ? true : undefined,
      'all three deliveries',
      30_000,
    );

    const [hook] = requestsTo('/hooks/');
    const verified = new Webhook(endpoint.body.secret).verify(hook!.text, {
      'webhook-id': String(hook!.headers['webhook-id']),
      'webhook-timestamp': String(hook!.headers['webhook-timestamp']),
      'webhook-signature': String(hook!.headers['webhook-signature']),
    });
    expect(JSON.stringify(verified)).toContain('2.4.0');
    const [slack] = requestsTo('/slack/');
    expect(slack!.json).toMatchObject({ text: expect.stringContaining('2.4.0'), blocks: expect.any(Array) });
    const [discord] = requestsTo('/api/webhooks/');
    expect(JSON.stringify(discord!.json)).toContain('2.4.0');

    for (const { id } of accepted.body.notifications) {
      await eventually(async () => {
        const n = await api(platform.notification, 'GET', `/notifications/${id}`, { apiKey });
        return ['SENT', 'DELIVERED'].includes(n.body.status) ? n.body : undefined;
      }, `notification ${id} to be sent`);
    }
    expect(requestsTo('/hooks/')).toHaveLength(1);
    expect(requestsTo('/slack/')).toHaveLength(1);
    expect(requestsTo('/api/webhooks/')).toHaveLength(1);
  });
});
