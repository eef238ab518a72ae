import { createECDH, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DnsStub, freePort, HttpSink, NO_OUTBOUND_ALLOWANCE_ENV } from '@orion/testing';
import webpush from 'web-push';
import { PermanentDeliveryError } from '../src/channels/channel-provider';
import { OutboundHttpClient } from '../src/channels/outbound/outbound-http.client';
import { ChannelsHarness } from './support/channels-harness';
import { NotificationServiceUnderTest } from './support/notification-service';

const admin = NotificationServiceUnderTest.admin.id;
const user = NotificationServiceUnderTest.user.id;
const ENDPOINTS = '/api/v1/webhook-endpoints';
const REFUSED = 'target refused: address not allowed';

interface Detail {
  id: string;
  status: string;
  lastError: string | null;
  attempts: { errorCode: string | null; errorMessage: string | null }[];
}

/**
 * Server-side request forgery through the notification service's outbound requests: a caller
 * chooses webhook, Slack, Discord and push URLs, so each must be kept from reaching the
 * service's own network. `internal` plays an internal service on 127.0.0.1; `partner` (on
 * 127.0.0.2, the one address the configuration lets through) plays a legitimate public
 * receiver; the DNS stub makes public-looking names resolve wherever a test needs.
 */
describe('outbound requests to caller-chosen URLs', () => {
  let dns: DnsStub;
  let internal: HttpSink;
  let partner: HttpSink;

  beforeAll(async () => {
    [internal, partner] = await Promise.all([HttpSink.start('127.0.0.1'), HttpSink.start('127.0.0.2')]);
    dns = await DnsStub.start({
      'relay.partner.test': { A: ['127.0.0.2'] },
      'hooks.partner.test': { A: ['127.0.0.1'] },
      'six.partner.test': { AAAA: ['::1'] },
      'mapped.partner.test': { AAAA: ['::ffff:7f00:1'] },
      'split.partner.test': { A: ['127.0.0.2', '127.0.0.1'] },
      'metadata.partner.test': { A: ['169.254.169.254'] },
      'intranet.partner.test': { A: ['10.0.0.7'] },
    });
  });

  afterAll(async () => {
    await Promise.all([internal?.stop(), partner?.stop(), dns?.stop()]);
  });

  beforeEach(() => {
    internal.clear();
    partner.clear();
  });

  describe('over HTTP, without the private-network allowance', () => {
    const vapid = webpush.generateVAPIDKeys();
    let service: NotificationServiceUnderTest;

    beforeAll(async () => {
      service = await NotificationServiceUnderTest.start({
        ...NO_OUTBOUND_ALLOWANCE_ENV,
        // The sinks speak plain http: this allows the scheme, not any address.
        OUTBOUND_ALLOW_HTTP: 'true',
        OUTBOUND_ALLOWED_CIDRS: '127.0.0.2/32',
        OUTBOUND_DNS_SERVERS: dns.server,
        DELIVERY_MAX_ATTEMPTS: '2',
        CHANNEL_RATE_LIMIT: '100000/1',
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
      });
    });

    afterAll(async () => {
      await service?.stop();
    });

    /** Registers `url` as an endpoint, sends to it and returns the settled notification as the API shows it. */
    async function sendToEndpoint(url: string): Promise<{ detail: Detail; body: string }> {
      const created = await service.call('POST', ENDPOINTS, { as: admin, body: { url } });
      expect(created.statusCode).toBe(201);
      const sent = await service.call('POST', '/api/v1/notifications', {
        as: admin,
        body: {
          recipient: { webhookEndpointId: created.json<{ id: string }>().id },
          content: { subject: 'Probe', text: 'Who answers?' },
        },
      });
      expect(sent.statusCode).toBe(202);
      const [notification] = sent.json<{ notifications: { id: string }[] }>().notifications;
      await service.waitForStatus(notification!.id, ['SENT', 'FAILED']);
      const read = await service.call('GET', `/api/v1/notifications/${notification!.id}`, { as: admin });
      return { detail: read.json<Detail>(), body: read.body };
    }

    it('delivers to a receiver whose name resolves to an allowed address (the control)', async () => {
      const { detail } = await sendToEndpoint(`http://relay.partner.test:${partner.port}/hooks/in`);
      expect(detail.status).toBe('SENT');
      expect(partner.requests().map((r) => r.path)).toEqual(['/hooks/in']);
    });

    it.each([
      ['hooks.partner.test', '127.0.0.1'],
      ['six.partner.test', '::1'],
      ['mapped.partner.test', '::ffff:127.0.0.1'],
      ['split.partner.test', '127.0.0.2 and 127.0.0.1'],
      ['metadata.partner.test', '169.254.169.254'],
      ['intranet.partner.test', '10.0.0.7'],
    ])(
      'refuses at connect time a registered name that resolves to %s → %s, with a generic error',
      async (name, addresses) => {
        const { detail, body } = await sendToEndpoint(`http://${name}:${internal.port}/admin`);
        expect(dns.queries()).toContain(name);
        expect(detail.status).toBe('FAILED');
        expect(detail.lastError).toBe(`TARGET_ADDRESS_REFUSED: ${REFUSED}`);
        // Permanent: one attempt, not retried against the internal network.
        expect(detail.attempts).toEqual([
          expect.objectContaining({ errorCode: 'TARGET_ADDRESS_REFUSED', errorMessage: REFUSED }),
        ]);
        for (const address of addresses.split(' and ')) expect(body).not.toContain(address);
        expect(internal.requests()).toHaveLength(0);
      },
    );

    it('resolves at every connection, so a name rebound to 127.0.0.1 after a good delivery is refused', async () => {
      // The internal service listens on the same port as the receiver, as a rebinding attack needs.
      const twin = await HttpSink.start('127.0.0.1', partner.port);
      try {
        dns.set('rebind.partner.test', { A: ['127.0.0.2'] });
        // The receiver closes each connection, so the next delivery must connect (and resolve) again.
        partner.respond('/hooks/in', { status: 200, headers: { connection: 'close' }, body: { ok: true } });
        const first = await sendToEndpoint(`http://rebind.partner.test:${partner.port}/hooks/in`);
        expect(first.detail.status).toBe('SENT');
        dns.set('rebind.partner.test', { A: ['127.0.0.1'] });
        const second = await sendToEndpoint(`http://rebind.partner.test:${partner.port}/hooks/in`);
        expect(second.detail.lastError).toBe(`TARGET_ADDRESS_REFUSED: ${REFUSED}`);
        expect(partner.requests()).toHaveLength(1);
        expect(twin.requests()).toHaveLength(0);
      } finally {
        await twin.stop();
      }
    });

    it('does not follow a redirect from an allowed receiver to 127.0.0.1', async () => {
      partner.respond('/moved', { status: 307, headers: { location: internal.url('/admin') }, body: '' });
      const { detail } = await sendToEndpoint(`http://relay.partner.test:${partner.port}/moved`);
      expect(detail.status).toBe('FAILED');
      expect(detail.lastError).toMatch(/^HTTP_307: /);
      expect(partner.requests()).toHaveLength(1);
      expect(internal.requests()).toHaveLength(0);
    });

    it('reports a connection failure generically: no port, address or socket error reaches the caller', async () => {
      const closed = await freePort();
      const { detail, body } = await sendToEndpoint(`http://relay.partner.test:${closed}/hooks/in`);
      expect(detail.status).toBe('FAILED');
      expect(detail.lastError).toBe('CONNECTION_FAILED: connection failed');
      expect(detail.attempts.map((a) => a.errorMessage)).toEqual(['connection failed', 'connection failed']);
      for (const leak of [String(closed), '127.0.0.2', 'ECONNREFUSED', 'connect '])
        expect(body).not.toContain(leak);
    });

    it('refuses IPv4-mapped and plain loopback literals at registration and at connect time', async () => {
      for (const url of [
        `http://[::ffff:127.0.0.1]:${internal.port}/admin`,
        `http://[::ffff:7f00:1]:${internal.port}/admin`,
        `http://[::1]:${internal.port}/admin`,
        `http://127.0.0.1:${internal.port}/admin`,
        `http://localhost:${internal.port}/admin`,
      ]) {
        const endpoint = await service.call('POST', ENDPOINTS, { as: admin, body: { url } });
        expect([url, endpoint.statusCode, endpoint.json<{ code: string }>().code]).toEqual([
          url,
          422,
          'WEBHOOK_URL_REJECTED',
        ]);
        const subscription = await service.call('POST', '/api/v1/push-subscriptions', {
          as: user,
          body: { endpoint: url, keys: { p256dh: 'A'.repeat(87), auth: 'A'.repeat(22) } },
        });
        expect([url, subscription.statusCode, subscription.json<{ code: string }>().code]).toEqual([
          url,
          422,
          'PUSH_SUBSCRIPTION_REJECTED',
        ]);
      }
      // The connect-time check holds on its own, for a URL that skipped the registration check.
      const client = service.app.get(OutboundHttpClient);
      const outcome = await client
        .send(`http://[::ffff:127.0.0.1]:${internal.port}/admin`, { timeoutMs: 5000, body: '{}' })
        .catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(PermanentDeliveryError);
      expect(outcome).toMatchObject({ code: 'TARGET_ADDRESS_REFUSED', message: REFUSED });
      expect(internal.requests()).toHaveLength(0);
    });

    it('refuses at connect time a push subscription whose endpoint name resolves to loopback', async () => {
      const browser = createECDH('prime256v1');
      const registered = await service.call('POST', '/api/v1/push-subscriptions', {
        as: user,
        body: {
          endpoint: `http://hooks.partner.test:${internal.port}/push/1`,
          keys: {
            p256dh: browser.generateKeys().toString('base64url'),
            auth: randomBytes(16).toString('base64url'),
          },
        },
      });
      expect(registered.statusCode).toBe(201);
      const sent = await service.call('POST', '/api/v1/notifications', {
        as: admin,
        body: { recipient: { userId: user }, channels: ['PUSH'], content: { title: 'Hi', text: 'Probe' } },
      });
      expect(sent.statusCode).toBe(202);
      const [notification] = sent.json<{ notifications: { id: string }[] }>().notifications;
      const row = await service.waitForStatus(notification!.id, ['SENT', 'FAILED']);
      expect([row.status, row.last_error]).toEqual([
        'FAILED',
        'PUSH_REFUSED: the push services refused the message',
      ]);
      expect(internal.requests()).toHaveLength(0);
    });

    it.each([
      ['slackWebhookUrl', 'https://hooks.slack.com.evil.test/services/T0/B0/x'],
      ['slackWebhookUrl', 'https://evil.test/hooks.slack.com/services/T0/B0/x'],
      ['slackWebhookUrl', 'https://relay.partner.test/services/T0/B0/x'],
      ['discordWebhookUrl', 'https://discord.com.evil.test/api/webhooks/1/x'],
      ['discordWebhookUrl', 'https://discord.com/api/users/@me'],
    ])('refuses a %s on another host or path at send: %s', async (field, url) => {
      const sent = await service.call('POST', '/api/v1/notifications', {
        as: admin,
        body: { recipient: { [field]: url }, content: { text: 'Deploy done' } },
      });
      expect(sent.statusCode).toBe(422);
      expect(sent.json()).toEqual(
        expect.objectContaining({ code: 'CHAT_WEBHOOK_URL_REJECTED', field: `recipient.${field}` }),
      );
      const rows = await service.query('SELECT id FROM notifications WHERE recipient = $1', [url]);
      expect(rows).toHaveLength(0);
    });
  });

  describe('the delivery path itself, with the system resolver', () => {
    let harness: ChannelsHarness;

    beforeAll(async () => {
      harness = await ChannelsHarness.start({ ...NO_OUTBOUND_ALLOWANCE_ENV, OUTBOUND_ALLOW_HTTP: 'true' });
    });

    afterAll(async () => {
      await harness?.stop();
    });

    it('refuses localhost as the system resolver answers it (127.0.0.1 or ::1), sending nothing, and logs why', async () => {
      // Nest's own hook for where log lines go: the detail the caller never sees must reach the log.
      const warnings: string[] = [];
      const ignore = () => undefined;
      Logger.overrideLogger({ log: ignore, error: ignore, warn: (m: unknown) => warnings.push(String(m)) });
      const outcome = await harness
        .get(OutboundHttpClient)
        .send(`http://localhost:${internal.port}/admin`, { timeoutMs: 5000, body: '{}' })
        .catch((error: unknown) => error);
      expect(outcome).toBeInstanceOf(PermanentDeliveryError);
      expect(outcome).toMatchObject({ code: 'TARGET_ADDRESS_REFUSED', message: REFUSED });
      expect(internal.requests()).toHaveLength(0);
      expect(warnings).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^refused a request to http://localhost:${internal.port}: localhost resolved to (127\\.0\\.0\\.1|::1) \\(loopback\\)`,
          ),
        ),
      );
    });

    it('refuses a SLACK or DISCORD delivery to another host before any request', async () => {
      const cases = [
        ['SLACK', `http://hooks.slack.com.partner.test:${internal.port}/services/T0/B0/x`],
        ['DISCORD', `http://discord.com.partner.test:${internal.port}/api/webhooks/1/x`],
      ] as const;
      for (const [channel, to] of cases) {
        const { outcome, reports } = await harness.dispatch(harness.message({ channel, to }));
        expect(outcome).toBeInstanceOf(PermanentDeliveryError);
        expect((outcome as PermanentDeliveryError).code).toBe('INVALID_URL');
        expect(reports).toEqual([
          expect.objectContaining({ ok: false, permanent: true, errorCode: 'INVALID_URL' }),
        ]);
      }
      expect(internal.requests()).toHaveLength(0);
    });
  });
});
