import webpush from 'web-push';
import { PushServiceSink } from './push-service-sink';
import { TwilioSink, VonageSink } from './twilio-sink';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('SMS API sinks', () => {
  let twilio: TwilioSink;
  let vonage: VonageSink;

  beforeAll(async () => {
    [twilio, vonage] = await Promise.all([TwilioSink.start(), VonageSink.start()]);
  });
  afterAll(async () => Promise.all([twilio.stop(), vonage.stop()]));

  const twilioUrl = () => `${twilio.baseUrl}/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`;
  const basic = (user: string, password: string) =>
    `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('Twilio: refuses wrong credentials and invalid numbers the way Twilio does, and records accepted messages', async () => {
    const wrong = await fetch(twilioUrl(), {
      method: 'POST',
      headers: { ...FORM, authorization: basic(twilio.accountSid, 'wrong') },
      body: form({ To: '+14155550100', From: '+15005550006', Body: 'x' }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(expect.objectContaining({ code: 20003 }));

    const auth = basic(twilio.accountSid, twilio.authToken);
    const invalid = await fetch(twilioUrl(), {
      method: 'POST',
      headers: { ...FORM, authorization: auth },
      body: form({ To: '555-0100', From: '+15005550006', Body: 'x' }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual(expect.objectContaining({ code: 21211 }));

    const ok = await fetch(twilioUrl(), {
      method: 'POST',
      headers: { ...FORM, authorization: auth },
      body: form({ To: '+14155550100', From: '+15005550006', Body: 'hello' }),
    });
    expect(ok.status).toBe(201);
    const created = (await ok.json()) as { sid: string; status: string };
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.messages()).toEqual([
      expect.objectContaining({ sid: created.sid, to: '+14155550100', body: 'hello' }),
    ]);
  });

  it('Vonage: answers status 4 for bad credentials and 0 with a message id otherwise', async () => {
    const send = (secret: string) =>
      fetch(`${vonage.baseUrl}/sms/json`, {
        method: 'POST',
        headers: FORM,
        body: form({
          api_key: vonage.apiKey,
          api_secret: secret,
          from: 'Orion',
          to: '14155550100',
          text: 'hi',
        }),
      }).then((r) => r.json() as Promise<{ messages: Array<Record<string, string>> }>);
    expect((await send('nope')).messages[0]).toEqual(expect.objectContaining({ status: '4' }));
    const accepted = (await send(vonage.apiSecret)).messages[0]!;
    expect(accepted.status).toBe('0');
    expect(vonage.messages()).toEqual([
      expect.objectContaining({ sid: accepted['message-id'], to: '14155550100' }),
    ]);
  });
});

describe('PushServiceSink', () => {
  const ours = webpush.generateVAPIDKeys();
  const theirs = webpush.generateVAPIDKeys();
  let push: PushServiceSink;

  beforeAll(async () => {
    push = await PushServiceSink.start({ vapidPublicKey: ours.publicKey });
  });
  afterAll(() => push.stop());

  async function deliver(
    subscription: { endpoint: string; keys: { p256dh: string; auth: string } },
    vapid: { publicKey: string; privateKey: string },
    endpoint = subscription.endpoint,
  ): Promise<number> {
    const request = webpush.generateRequestDetails(subscription, 'secret text', {
      vapidDetails: { subject: 'mailto:test@orion.test', ...vapid },
      contentEncoding: 'aes128gcm',
      TTL: 60,
    });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: request.headers as Record<string, string>,
      body: request.body,
    });
    return response.status;
  }

  it('decrypts a payload encrypted for the subscription and signed with the expected VAPID key', async () => {
    const browser = push.subscribe();
    expect(await deliver(browser, ours)).toBe(201);
    expect(push.messages().find((m) => m.subscriptionId === browser.id)?.payload).toBe('secret text');
  });

  it('refuses another VAPID key, and a payload encrypted for a different subscription', async () => {
    const browser = push.subscribe();
    const other = push.subscribe();
    expect(await deliver(browser, theirs)).toBe(403);
    expect(push.refusals.at(-1)).toBe('unexpected VAPID key');
    expect(await deliver(other, ours, browser.endpoint)).toBe(400);
    expect(push.refusals.at(-1)).toMatch(/does not decrypt/);
    expect(push.messages().filter((m) => m.subscriptionId === browser.id)).toEqual([]);
  });

  it('answers 410 for an expired subscription', async () => {
    const browser = push.subscribe();
    push.expire(browser.id);
    expect(await deliver(browser, ours)).toBe(410);
  });
});
