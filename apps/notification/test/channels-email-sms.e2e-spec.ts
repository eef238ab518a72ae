import { eventually, SmtpSink, TwilioSink, VonageSink } from '@orion/testing';
import {
  DeliveryReceipt,
  PermanentDeliveryError,
  TransientDeliveryError,
} from '../src/channels/channel-provider';
import { ChannelDispatcherService } from '../src/channels/channel-dispatcher.service';
import { messageIdFor } from '../src/channels/providers/smtp-email.provider';
import { ChannelsHarness } from './support/channels-harness';

const FROM = 'Orion <no-reply@orion.test>';

describe('EMAIL and SMS channels against real SMTP servers and SMS APIs', () => {
  let primary: SmtpSink;
  let secondary: SmtpSink;
  let twilio: TwilioSink;
  let vonage: VonageSink;
  let harness: ChannelsHarness;

  beforeAll(async () => {
    [primary, secondary, twilio, vonage] = await Promise.all([
      SmtpSink.start(),
      SmtpSink.start(),
      TwilioSink.start(),
      VonageSink.start(),
    ]);
    harness = await ChannelsHarness.start({
      EMAIL_FROM: FROM,
      SMTP_HOST: primary.host,
      SMTP_PORT: String(primary.port),
      SMTP_USER: 'orion-primary',
      SMTP_PASSWORD: 'primary-password',
      SMTP_SECONDARY_HOST: secondary.host,
      SMTP_SECONDARY_PORT: String(secondary.port),
      SMTP_TIMEOUT_MS: '3000',
      TWILIO_BASE_URL: twilio.baseUrl,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      VONAGE_BASE_URL: vonage.baseUrl,
      VONAGE_API_KEY: vonage.apiKey,
      VONAGE_API_SECRET: vonage.apiSecret,
      VONAGE_FROM: 'Orion',
      CHANNEL_BREAKER_VOLUME_THRESHOLD: '3',
      CHANNEL_BREAKER_ERROR_PERCENT: '50',
      CHANNEL_BREAKER_RESET_MS: '1000',
      CHANNEL_RATE_LIMIT: '1000/1',
    });
  });

  afterAll(async () => {
    await harness?.stop();
    await Promise.all([primary.stop(), secondary.stop(), twilio.stop(), vonage.stop()]);
  });

  describe('EMAIL over SMTP', () => {
    it('delivers subject, text and HTML through the primary relay with a Message-ID derived from the idempotency key', async () => {
      const m = harness.message({
        channel: 'EMAIL',
        to: 'ada@example.com',
        subject: 'Confirm your sign-in',
        text: 'Your code is 481516',
        html: '<p>Your code is <b>481516</b></p>',
      });
      const { reports, outcome } = await harness.dispatch(m);

      const mail = await primary.waitForMessage((x) => x.to.includes('ada@example.com'));
      expect(mail.subject).toBe('Confirm your sign-in');
      expect(mail.text?.trim()).toBe('Your code is 481516');
      expect(mail.html).toContain('<b>481516</b>');
      expect(mail.from).toEqual(['no-reply@orion.test']);
      expect(mail.authUser).toBe('orion-primary');
      expect(mail.headers['message-id']).toBe(messageIdFor(m.idempotencyKey, FROM));
      expect(mail.headers['x-orion-notification-id']).toBe(m.notificationId);
      expect(secondary.messages()).toHaveLength(0);
      expect((outcome as DeliveryReceipt).provider).toBe('smtp-primary');
      expect(reports).toEqual([expect.objectContaining({ provider: 'smtp-primary', ok: true })]);
    });

    it('refuses an invalid address permanently without contacting any relay', async () => {
      const before = primary.messages().length + secondary.messages().length;
      const { reports, outcome } = await harness.dispatch(
        harness.message({ channel: 'EMAIL', to: 'not-an-address' }),
      );
      expect(outcome).toBeInstanceOf(PermanentDeliveryError);
      expect((outcome as PermanentDeliveryError).code).toBe('INVALID_ADDRESS');
      expect(reports).toEqual([
        expect.objectContaining({ provider: 'smtp-primary', ok: false, permanent: true }),
      ]);
      expect(primary.messages().length + secondary.messages().length).toBe(before);
    });

    it('treats a 5xx reply to RCPT TO as permanent: no failover to the secondary relay', async () => {
      primary.rejectRecipients((address) => address === 'gone@example.com', 550, 'No such user here');
      try {
        const { reports, outcome } = await harness.dispatch(
          harness.message({ channel: 'EMAIL', to: 'gone@example.com' }),
        );
        expect(outcome).toBeInstanceOf(PermanentDeliveryError);
        expect((outcome as PermanentDeliveryError).code).toBe('SMTP_550');
        expect(reports).toEqual([
          expect.objectContaining({ provider: 'smtp-primary', permanent: true, errorCode: 'SMTP_550' }),
        ]);
        expect(secondary.messages().filter((x) => x.to.includes('gone@example.com'))).toHaveLength(0);
      } finally {
        primary.rejectRecipients();
      }
    });

    it('treats a 4xx reply as transient and fails over to the secondary relay in the same dispatch', async () => {
      primary.rejectRecipients((address) => address === 'busy@example.com', 451, 'Try again later');
      try {
        const m = harness.message({ channel: 'EMAIL', to: 'busy@example.com', subject: 'Busy' });
        const { reports, outcome } = await harness.dispatch(m);
        expect((outcome as DeliveryReceipt).provider).toBe('smtp-secondary');
        expect(reports.map((r) => [r.provider, r.ok, r.errorCode])).toEqual([
          ['smtp-primary', false, 'SMTP_451'],
          ['smtp-secondary', true, undefined],
        ]);
        const mail = await secondary.waitForMessage((x) => x.to.includes('busy@example.com'));
        expect(mail.headers['message-id']).toBe(messageIdFor(m.idempotencyKey, FROM));
      } finally {
        primary.rejectRecipients();
      }
    });

    it('fails over to the secondary relay when the primary is down, keeping the same Message-ID', async () => {
      await primary.stop();
      const m = harness.message({
        channel: 'EMAIL',
        to: 'grace@example.com',
        subject: 'Failover',
        text: 'Still here',
      });
      const { reports, outcome } = await harness.dispatch(m);

      expect((outcome as DeliveryReceipt).provider).toBe('smtp-secondary');
      expect(reports).toHaveLength(2);
      expect(reports[0]).toEqual(expect.objectContaining({ provider: 'smtp-primary', ok: false }));
      expect(reports[0]!.permanent).toBe(false);
      // What the sender sees names no relay address, port or socket error (the log has them).
      expect(reports[0]!.errorMessage).toBe('smtp-primary: connection failed');
      expect(reports[1]).toEqual(expect.objectContaining({ provider: 'smtp-secondary', ok: true }));
      const mail = await secondary.waitForMessage((x) => x.to.includes('grace@example.com'));
      expect(mail.subject).toBe('Failover');
      expect(mail.headers['message-id']).toBe(messageIdFor(m.idempotencyKey, FROM));
    });
  });

  describe('SMS through Twilio, then Vonage', () => {
    beforeEach(() => {
      twilio.clear();
      vonage.clear();
    });

    it("sends through Twilio's Messages API with basic auth and records Twilio's sid", async () => {
      const m = harness.message({ channel: 'SMS', to: '+4915112345678', text: 'Code 246810' });
      const { reports, outcome } = await harness.dispatch(m);

      const sms = await twilio.waitForMessage();
      expect(sms).toEqual(
        expect.objectContaining({ to: '+4915112345678', from: '+15005550006', body: 'Code 246810' }),
      );
      expect(sms.idempotencyKey).toBe(m.idempotencyKey);
      expect(outcome).toEqual(expect.objectContaining({ provider: 'twilio', providerMessageId: sms.sid }));
      expect(reports).toEqual([
        expect.objectContaining({ provider: 'twilio', ok: true, providerMessageId: sms.sid }),
      ]);
      expect(vonage.messages()).toHaveLength(0);
    });

    it('fails over to Vonage when Twilio answers 503', async () => {
      twilio.failNext({ status: 503, body: { code: 20503, message: 'Service unavailable' } });
      const { reports, outcome } = await harness.dispatch(
        harness.message({ channel: 'SMS', to: '+14155550123' }),
      );

      expect((outcome as DeliveryReceipt).provider).toBe('vonage');
      expect(reports.map((r) => [r.provider, r.ok, r.errorCode])).toEqual([
        ['twilio', false, 'HTTP_503'],
        ['vonage', true, undefined],
      ]);
      const sms = await vonage.waitForMessage();
      expect(sms).toEqual(
        expect.objectContaining({ to: '14155550123', from: 'Orion', body: 'Your code is 123456' }),
      );
    });

    it('does not retry or fail over on a 4xx from Twilio', async () => {
      twilio.failNext({
        status: 400,
        body: { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
      });
      const { reports, outcome } = await harness.dispatch(
        harness.message({ channel: 'SMS', to: '+14155550124' }),
      );

      expect(outcome).toBeInstanceOf(PermanentDeliveryError);
      expect(reports).toEqual([
        expect.objectContaining({ provider: 'twilio', permanent: true, errorCode: 'HTTP_400' }),
      ]);
      expect(twilio.requestCount).toBe(1);
      expect(vonage.requestCount).toBe(0);
    });

    it('fails transiently when every provider is down, after trying each once', async () => {
      twilio.failAll({ status: 500 });
      vonage.failAll({ status: 502 });
      try {
        const { reports, outcome } = await harness.dispatch(
          harness.message({ channel: 'SMS', to: '+14155550125' }),
        );
        expect(outcome).toBeInstanceOf(TransientDeliveryError);
        expect(reports.map((r) => r.provider)).toEqual(['twilio', 'vonage']);
      } finally {
        twilio.heal();
        vonage.heal();
      }
    });

    it("opens Twilio's circuit after repeated failures, skips it while open, and closes it after a successful probe", async () => {
      const dispatcher = harness.get(ChannelDispatcherService);
      twilio.failAll({ status: 500 });
      for (let i = 0; i < 3; i++)
        await harness.dispatch(harness.message({ channel: 'SMS', to: '+14155550126' }));
      expect(dispatcher.circuitStates()).toContainEqual({ provider: 'twilio', state: 'open' });

      const calls = twilio.requestCount;
      const { reports, outcome } = await harness.dispatch(
        harness.message({ channel: 'SMS', to: '+14155550127' }),
      );
      expect(twilio.requestCount).toBe(calls);
      expect(reports.map((r) => [r.provider, r.errorCode ?? 'ok'])).toEqual([
        ['twilio', 'CIRCUIT_OPEN'],
        ['vonage', 'ok'],
      ]);
      expect((outcome as DeliveryReceipt).provider).toBe('vonage');

      // After CHANNEL_BREAKER_RESET_MS the breaker lets one probe through.
      twilio.heal();
      await eventually(
        () => dispatcher.circuitStates().some((s) => s.provider === 'twilio' && s.state === 'half-open'),
        'the circuit to half-open',
        { timeoutMs: 10_000 },
      );
      const probe = await harness.dispatch(harness.message({ channel: 'SMS', to: '+14155550128' }));
      expect((probe.outcome as DeliveryReceipt).provider).toBe('twilio');
      expect(dispatcher.circuitStates()).toContainEqual({ provider: 'twilio', state: 'closed' });
    });
  });
});
