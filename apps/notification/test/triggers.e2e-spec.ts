import { randomUUID } from 'node:crypto';
import {
  ACCOUNT_LOCKED,
  EventContract,
  NEW_DEVICE_SIGNED_IN,
  PASSWORD_CHANGED,
  PASSWORD_RESET_REQUESTED,
  REFRESH_TOKEN_REUSED,
  SECOND_FACTOR_FAILURES,
  SIGN_IN_BLOCKED,
  SOCIAL_ACCOUNT_LINKED,
  SOCIAL_ACCOUNT_UNLINKED,
  SOCIAL_SIGN_IN_NOT_LINKED,
  TWO_FACTOR_CHANGED,
  TWO_FACTOR_CODE_REQUESTED,
  USER_EMAIL_ADDRESS_IN_USE,
  USER_EMAIL_CHANGED,
  USER_EMAIL_VERIFICATION_REQUESTED,
  USER_REGISTERED,
  USER_REGISTRATION_ATTEMPTED,
} from '@orion/contracts';
import { eventStreamName } from '@orion/core';
import { eventually, sealForTest, SmtpSink, TwilioSink, producedStreamEntry } from '@orion/testing';
import { NotificationServiceUnderTest } from './support/notification-service';

const user = NotificationServiceUnderTest.user.id;
const now = new Date('2026-01-15T09:30:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
const occurredAt = now.toISOString();

interface Row {
  id: string;
  channel: string;
  recipient: string;
  priority: string;
  template_version: number;
  locale: string;
  subject: string | null;
  body: string;
  key: string;
  category: string;
}

interface Case {
  name: string;
  contract: EventContract<unknown>;
  payload: Record<string, unknown>;
  template: string;
  channels: string[];
  priority: string;
  category: string;
  /** Something the rendered text must contain, proving the event's data reached the template. */
  says: string;
}

const CASES: Case[] = [
  {
    name: 'welcome',
    contract: USER_REGISTERED,
    payload: { userId: user, email: 'user@orion.local', displayName: 'Uma User', occurredAt },
    template: 'account.welcome',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'NORMAL',
    category: 'ACCOUNT',
    says: 'Uma User',
  },
  {
    name: 'e-mail verification, to the address being confirmed',
    contract: USER_EMAIL_VERIFICATION_REQUESTED,
    payload: {
      userId: user,
      email: 'new-address@example.com',
      locale: 'de-AT',
      token: sealForTest('notification', USER_EMAIL_VERIFICATION_REQUESTED, 'token', 'a'.repeat(43)),
      isChangeOfAddress: true,
      expiresAt: at(24 * 60),
      occurredAt,
    },
    template: 'auth.email-verification',
    channels: ['EMAIL'],
    priority: 'HIGH',
    category: 'AUTHENTICATION',
    says: `verify-email?token=${'a'.repeat(43)}`,
  },
  {
    name: 'password reset',
    contract: PASSWORD_RESET_REQUESTED,
    payload: {
      userId: user,
      email: 'user@orion.local',
      resetUrl: sealForTest(
        'notification',
        PASSWORD_RESET_REQUESTED,
        'resetUrl',
        'https://app.orion.test/password-reset?token=xyz',
      ),
      expiresAt: at(30),
      occurredAt,
    },
    template: 'auth.password-reset',
    channels: ['EMAIL'],
    priority: 'HIGH',
    category: 'AUTHENTICATION',
    says: 'https://app.orion.test/password-reset?token=xyz',
  },
  {
    name: 'two-factor code by SMS, urgent',
    contract: TWO_FACTOR_CODE_REQUESTED,
    payload: {
      userId: user,
      channel: 'sms',
      destination: '+4915112345678',
      oneTimeCode: sealForTest('notification', TWO_FACTOR_CODE_REQUESTED, 'oneTimeCode', '482913'),
      expiresAt: at(5),
      occurredAt,
    },
    template: 'auth.two-factor-code',
    channels: ['SMS'],
    priority: 'CRITICAL',
    category: 'AUTHENTICATION',
    says: '482913',
  },
  {
    name: 'two-factor code by e-mail',
    contract: TWO_FACTOR_CODE_REQUESTED,
    payload: {
      userId: user,
      channel: 'email',
      destination: 'user@orion.local',
      oneTimeCode: sealForTest('notification', TWO_FACTOR_CODE_REQUESTED, 'oneTimeCode', '12345678'),
      expiresAt: at(10),
      occurredAt,
    },
    template: 'auth.two-factor-code',
    channels: ['EMAIL'],
    priority: 'CRITICAL',
    category: 'AUTHENTICATION',
    says: '12345678',
  },
  {
    name: 'refresh token reused',
    contract: REFRESH_TOKEN_REUSED,
    payload: { userId: user, familyId: 'family-1', ip: '198.51.100.4', occurredAt },
    template: 'security.refresh-token-reused',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: '198.51.100.4',
  },
  {
    name: 'new device',
    contract: NEW_DEVICE_SIGNED_IN,
    payload: {
      userId: user,
      email: 'user@orion.local',
      ip: '203.0.113.9',
      country: 'PT',
      deviceId: randomUUID(),
      deviceName: 'Safari on iOS',
      occurredAt,
    },
    template: 'security.new-device-sign-in',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: 'Safari on iOS',
  },
  {
    name: 'sign-in blocked',
    contract: SIGN_IN_BLOCKED,
    payload: {
      userId: user,
      email: 'user@orion.local',
      ip: '192.0.2.77',
      riskScore: 80,
      reasons: ['new_country'],
      occurredAt,
    },
    template: 'security.sign-in-blocked',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: '192.0.2.77',
  },
  {
    name: 'account locked',
    contract: ACCOUNT_LOCKED,
    payload: { userId: user, consecutiveFailures: 10, lockedUntil: at(15), occurredAt },
    template: 'security.account-locked',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: '10',
  },
  {
    name: 'repeated second-factor failures',
    contract: SECOND_FACTOR_FAILURES,
    payload: { userId: user, failures: 5, ip: '192.0.2.91', occurredAt },
    template: 'security.second-factor-failures',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: '192.0.2.91',
  },
  {
    name: 'password changed',
    contract: PASSWORD_CHANGED,
    payload: { userId: user, method: 'change', occurredAt },
    template: 'security.password-changed',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: '2026',
  },
  {
    name: 'two-factor changed',
    contract: TWO_FACTOR_CHANGED,
    payload: { userId: user, change: 'enabled', method: 'totp', methods: ['totp'], occurredAt },
    template: 'security.two-factor-changed',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: 'totp',
  },
  {
    name: 'social account linked',
    contract: SOCIAL_ACCOUNT_LINKED,
    payload: { userId: user, provider: 'google', occurredAt },
    template: 'security.social-account-changed',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: 'google',
  },
  {
    name: 'social account unlinked',
    contract: SOCIAL_ACCOUNT_UNLINKED,
    payload: { userId: user, provider: 'github', occurredAt },
    template: 'security.social-account-changed',
    channels: ['EMAIL', 'IN_APP'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: 'github',
  },
  {
    name: 'change of address, to the previous address with the link that undoes it',
    contract: USER_EMAIL_CHANGED,
    payload: {
      userId: user,
      previousEmail: 'previous-address@example.com',
      newEmailMasked: 'n***@example.net',
      locale: 'en',
      token: sealForTest('notification', USER_EMAIL_CHANGED, 'token', 'b'.repeat(43)),
      expiresAt: at(72 * 60),
      occurredAt,
    },
    template: 'security.email-changed',
    channels: ['EMAIL'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: `undo-email-change?token=${'b'.repeat(43)}`,
  },
  {
    name: 'an address another account asked for, to its owner',
    contract: USER_EMAIL_ADDRESS_IN_USE,
    payload: { userId: user, email: 'owner-address@example.com', locale: 'en', occurredAt },
    template: 'security.email-in-use',
    channels: ['EMAIL'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: 'another Orion account asked to change its address to this one',
  },
  {
    name: 'sign-up with a taken address',
    contract: USER_REGISTRATION_ATTEMPTED,
    payload: { userId: user, email: 'user@orion.local', occurredAt },
    template: 'security.registration-attempted',
    channels: ['EMAIL'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: 'https://app.orion.test/password-reset',
  },
  {
    name: 'social sign-in not linked',
    contract: SOCIAL_SIGN_IN_NOT_LINKED,
    payload: { userId: user, provider: 'gitlab', occurredAt },
    template: 'security.social-sign-in-attempted',
    channels: ['EMAIL'],
    priority: 'CRITICAL',
    category: 'SECURITY',
    says: 'gitlab',
  },
];

describe('notifications triggered by auth and user events', () => {
  let service: NotificationServiceUnderTest;

  // Real sinks: messages carrying a secret (a code, a link with a token) are wiped from storage once
  // sent, so what they said is checked where they arrived.
  let smtp: SmtpSink;
  let twilio: TwilioSink;

  beforeAll(async () => {
    [smtp, twilio] = await Promise.all([SmtpSink.start(), TwilioSink.start()]);
    service = await NotificationServiceUnderTest.start(
      {
        NOTIFICATION_APP_URL: 'https://app.orion.test',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        TWILIO_BASE_URL: twilio.baseUrl,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
      },
      { seed: true },
    );
  });

  afterAll(async () => {
    await service?.stop();
    await Promise.all([smtp?.stop(), twilio?.stop()]);
  });

  const isSecret = async (id: string) =>
    (
      await service.query<{ sensitive: string | null }>(
        `SELECT data->>'sensitive' AS sensitive FROM notifications WHERE id = $1`,
        [id],
      )
    )[0]?.sensitive === 'true';

  /** What a notification said: as stored, or where it arrived when its secret is kept out of storage. */
  async function saidBy(row: Row): Promise<string> {
    if (!(await isSecret(row.id))) return `${row.subject ?? ''} ${row.body}`;
    if (row.channel === 'SMS') return (await twilio.waitForMessage((m) => m.to === row.recipient)).body;
    const mail = await smtp.waitForMessage((m) => m.to.includes(row.recipient) && m.subject === row.subject);
    return `${mail.subject} ${mail.text ?? ''}`;
  }

  /** Adds the event to its stream as the producer's relay would, and waits until it is acknowledged. */
  async function publish(contract: EventContract<unknown>, id: string, payload: unknown): Promise<void> {
    const stream = eventStreamName(service.namespace, contract.name);
    const entry = producedStreamEntry({ id, name: contract.name, payload, meta: {}, occurredAt: now });
    const entryId = (await service.redis.xadd(stream, '*', ...entry)) as string;
    await eventually(() => acknowledged(stream, entryId), `${contract.name} ${entryId} to be handled`, {
      timeoutMs: 20_000,
    });
  }

  async function acknowledged(stream: string, entryId: string): Promise<boolean> {
    const groups = (await service.redis.xinfo('GROUPS', stream)) as unknown[][];
    for (const fields of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i + 1 < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]);
      if (info.get('name') !== 'notification') continue;
      const delivered = String(info.get('last-delivered-id'));
      return Number(info.get('pending')) === 0 && compareEntryIds(delivered, entryId) >= 0;
    }
    return false;
  }

  const rowsFor = (eventId: string) =>
    service.query<Row>(
      `SELECT n.id, n.channel, n.recipient, n.priority, n.template_version, n.locale, n.subject, n.body,
              t.key, n.data->>'category' AS category
         FROM notifications n JOIN templates t ON t.id = n.template_id
        WHERE n.idempotency_key = $1 ORDER BY n.channel`,
      [`event:${eventId}`],
    );

  it.each(CASES)('$name: one notification per channel, even when the event comes twice', async (c) => {
    const eventId = randomUUID();
    await publish(c.contract, eventId, c.payload);
    const first = await rowsFor(eventId);
    expect(first.map((r) => r.channel)).toEqual(c.channels);
    for (const row of first) {
      expect(row).toMatchObject({
        key: c.template,
        priority: c.priority,
        category: c.category,
        template_version: 1,
      });
    }
    const said = await Promise.all(first.map(saidBy));
    expect(said.some((text) => text.includes(c.says))).toBe(true);

    // Redelivered by the stream: the inbox drops it.
    await publish(c.contract, eventId, c.payload);
    // Handled again after the inbox forgot it (its transaction rolled back after the send):
    // the idempotency key derived from the event id still finds the first notifications.
    await service.query('DELETE FROM processed_events WHERE event_id = $1', [eventId]);
    await publish(c.contract, eventId, c.payload);
    expect(await service.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).toHaveLength(
      1,
    );
    expect((await rowsFor(eventId)).map((r) => r.id)).toEqual(first.map((r) => r.id));
  });

  it('addresses each message as the event says: locale, address, link', async () => {
    const verification = randomUUID();
    await publish(USER_EMAIL_VERIFICATION_REQUESTED, verification, CASES[1].payload);
    const [email] = await rowsFor(verification);
    expect(email).toMatchObject({ recipient: 'new-address@example.com', locale: 'de' });
    expect(email.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse');
    const mail = await saidBy(email);
    expect(mail).toContain('https://app.orion.test/verify-email?token=');
    expect(mail).toContain('neue E-Mail-Adresse');

    const code = randomUUID();
    await publish(TWO_FACTOR_CODE_REQUESTED, code, CASES[3].payload);
    const [sms] = await rowsFor(code);
    expect(sms).toMatchObject({ recipient: '+4915112345678', channel: 'SMS' });
    expect(await saidBy(sms)).toContain('(valid 5 min)');
  });

  it('mails the owner of a taken address when someone signs up with it', async () => {
    const eventId = randomUUID();
    await publish(USER_REGISTRATION_ATTEMPTED, eventId, {
      userId: user,
      email: NotificationServiceUnderTest.user.email,
      occurredAt,
    });
    // The sample user reads German.
    const mail = await smtp.waitForMessage(
      (m) =>
        m.to.includes(NotificationServiceUnderTest.user.email) &&
        m.subject === 'Jemand wollte sich mit Ihrer Adresse registrieren',
    );
    expect(mail.text).toContain('Es wurde kein neues Konto angelegt');
    expect(mail.text).toContain('https://app.orion.test/password-reset');
  });

  it('counts an event for an unknown user as handled without a notification', async () => {
    const eventId = randomUUID();
    await publish(PASSWORD_CHANGED, eventId, {
      userId: '00000000-0000-4000-8000-0000000000ee',
      method: 'reset',
      occurredAt,
    });
    expect(await service.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).toHaveLength(
      1,
    );
    expect(await rowsFor(eventId)).toHaveLength(0);
  });
});

/** Stream entry ids are "<ms>-<seq>". */
function compareEntryIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}
