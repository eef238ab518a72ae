import { USER_PREFERENCES_CHANGED } from '@orion/contracts';
import { eventually } from '@orion/testing';
import { DeliveryPolicyService } from '../src/preferences/delivery-policy.service';
import { NotificationServiceUnderTest } from './support/notification-service';

/**
 * The projection is fed by real USER_PREFERENCES_CHANGED events: the user service (in-process)
 * publishes them through its outbox when its preferences routes change something.
 */
describe('notification preferences projected from the user service', () => {
  let service: NotificationServiceUnderTest;
  let policy: DeliveryPolicyService;
  const auckland = NotificationServiceUnderTest.user.id;
  const losAngeles = NotificationServiceUnderTest.admin.id;

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start();
    policy = service.app.get(DeliveryPolicyService);
  });

  afterAll(async () => {
    await service?.stop();
  });

  /** Replaces one category of the user's preferences over HTTP; resolves to the new version. */
  async function put(userId: string, category: string, body: unknown): Promise<number> {
    const current = await service.users.call('GET', `/api/v1/users/me/preferences/${category}`, {
      as: userId,
    });
    const response = await service.users.call('PUT', `/api/v1/users/me/preferences/${category}`, {
      as: userId,
      headers: { 'if-match': String(current.headers.etag) },
      body,
    });
    if (response.statusCode !== 200)
      throw new Error(`PUT ${category}: ${response.statusCode} ${response.body}`);
    return Number(String(response.headers.etag).replace(/\D/g, ''));
  }

  /** The projection's version for the user, once it has reached `version` (events travel asynchronously). */
  function projectedVersion(userId: string, version: number): Promise<number> {
    return eventually(async () => {
      const [row] = await service.query<{ version: number }>(
        'SELECT version FROM user_delivery_settings WHERE user_id = $1',
        [userId],
      );
      return row && row.version >= version && row.version;
    }, `version ${version} of the preferences of ${userId}`);
  }

  const nightInAuckland = {
    categories: {
      SECURITY: { channels: { EMAIL: false, PUSH: false }, frequency: 'never' },
      MARKETING: { channels: { EMAIL: false, IN_APP: true }, frequency: 'weekly' },
      BILLING: { channels: { EMAIL: true }, frequency: 'never' },
    },
    quietHours: { start: '22:00', end: '07:00' },
  };

  beforeAll(async () => {
    await put(auckland, 'localization', { locale: 'en-NZ', timeZone: 'Pacific/Auckland' });
    const version = await put(auckland, 'notifications', nightInAuckland);
    expect(await projectedVersion(auckland, version)).toBe(version);
    await put(losAngeles, 'localization', { locale: 'en-US', timeZone: 'America/Los_Angeles' });
    const laVersion = await put(losAngeles, 'notifications', {
      quietHours: { start: '22:00', end: '07:00' },
    });
    expect(await projectedVersion(losAngeles, laVersion)).toBe(laVersion);
  });

  it('keeps one choice per channel and category, and the quiet hours once per user', async () => {
    const choices = await service.query<{ channel: string; enabled: boolean; frequency: string }>(
      `SELECT channel, enabled, frequency FROM user_preferences
        WHERE user_id = $1 AND category = 'MARKETING' ORDER BY channel`,
      [auckland],
    );
    expect(choices).toHaveLength(7);
    expect(choices).toContainEqual({ channel: 'EMAIL', enabled: false, frequency: 'weekly' });
    expect(choices).toContainEqual({ channel: 'IN_APP', enabled: true, frequency: 'weekly' });
    // Not named by the user: the default (on).
    expect(choices).toContainEqual({ channel: 'SMS', enabled: true, frequency: 'weekly' });
    const [settings] = await service.query(
      'SELECT locale, timezone, quiet_hours_start, quiet_hours_end FROM user_delivery_settings WHERE user_id = $1',
      [auckland],
    );
    expect(settings).toEqual({
      locale: 'en-NZ',
      timezone: 'Pacific/Auckland',
      quiet_hours_start: '22:00',
      quiet_hours_end: '07:00',
    });
  });

  const noon = new Date('2026-07-15T00:00:00Z'); // 12:00 in Auckland, 17:00 (14 July) in Los Angeles
  const ask = (
    userId: string,
    channel: 'EMAIL' | 'IN_APP' | 'SMS',
    category: string,
    priority = 'normal',
    now = noon,
  ) => policy.evaluate({ userId, channel, category, priority: priority as 'normal', now });

  it('refuses a channel the user switched off for the category, with a reason', async () => {
    await expect(ask(auckland, 'EMAIL', 'MARKETING')).resolves.toEqual({
      allowed: false,
      reason: 'CHANNEL_DISABLED',
    });
    await expect(ask(auckland, 'IN_APP', 'MARKETING')).resolves.toEqual({ allowed: true });
  });

  it('refuses a category the user muted (frequency never) on every channel', async () => {
    await expect(ask(auckland, 'EMAIL', 'BILLING')).resolves.toEqual({
      allowed: false,
      reason: 'CATEGORY_DISABLED',
    });
    await expect(ask(auckland, 'SMS', 'billing')).resolves.toEqual({
      allowed: false,
      reason: 'CATEGORY_DISABLED',
    });
  });

  it('sends SECURITY notices even though the user switched them off', async () => {
    await expect(ask(auckland, 'EMAIL', 'SECURITY')).resolves.toEqual({ allowed: true });
  });

  it('sends urgent messages whatever the choices', async () => {
    await expect(ask(auckland, 'EMAIL', 'MARKETING', 'urgent')).resolves.toEqual({ allowed: true });
  });

  it('allows what the user never chose about (defaults on)', async () => {
    await expect(ask(auckland, 'EMAIL', 'ACCOUNT')).resolves.toEqual({ allowed: true });
    await expect(ask(auckland, 'EMAIL', 'not-a-category')).resolves.toEqual({ allowed: true });
  });

  describe('quiet hours in each user own time zone, at the same instant', () => {
    // 23:30 on 15 July in Auckland (NZST, +12); 04:30 on 15 July in Los Angeles (PDT, -7).
    const instant = new Date('2026-07-15T11:30:00Z');

    it('defers the Auckland user to 07:00 on their next morning', async () => {
      await expect(ask(auckland, 'IN_APP', 'ACCOUNT', 'normal', instant)).resolves.toEqual({
        allowed: true,
        deferUntil: new Date('2026-07-15T19:00:00Z'),
      });
    });

    it('defers the Los Angeles user to 07:00 on the same local morning', async () => {
      await expect(ask(losAngeles, 'IN_APP', 'ACCOUNT', 'normal', instant)).resolves.toEqual({
        allowed: true,
        deferUntil: new Date('2026-07-15T14:00:00Z'),
      });
    });

    it('defers SECURITY notices too unless they are urgent', async () => {
      await expect(ask(auckland, 'EMAIL', 'SECURITY', 'high', instant)).resolves.toMatchObject({
        deferUntil: new Date('2026-07-15T19:00:00Z'),
      });
      await expect(ask(auckland, 'EMAIL', 'SECURITY', 'urgent', instant)).resolves.toEqual({ allowed: true });
    });

    it('lets a message through at noon in Auckland while Los Angeles is awake too', async () => {
      await expect(ask(auckland, 'IN_APP', 'ACCOUNT')).resolves.toEqual({ allowed: true });
      await expect(ask(losAngeles, 'IN_APP', 'ACCOUNT')).resolves.toEqual({ allowed: true });
    });
  });

  it('ignores an older event that arrives after a newer one', async () => {
    const [before] = await service.query<{ version: number }>(
      'SELECT version FROM user_delivery_settings WHERE user_id = $1',
      [auckland],
    );
    // A late copy of an earlier state, published through the user service's own outbox.
    const eventId = await service.users.publish(USER_PREFERENCES_CHANGED, {
      userId: auckland,
      version: before.version - 1,
      notifications: { categories: { MARKETING: { channels: { EMAIL: true }, frequency: 'immediate' } } },
      timeZone: 'UTC',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await eventually(
      async () =>
        (await service.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).length > 0,
      `event ${eventId} to be processed`,
    );
    expect(await service.query('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).toHaveLength(
      1,
    );
    await expect(ask(auckland, 'EMAIL', 'MARKETING')).resolves.toEqual({
      allowed: false,
      reason: 'CHANNEL_DISABLED',
    });
    const [after] = await service.query(
      'SELECT version, timezone FROM user_delivery_settings WHERE user_id = $1',
      [auckland],
    );
    expect(after).toEqual({ version: before.version, timezone: 'Pacific/Auckland' });
  });

  it('follows a newer change, including switching quiet hours off', async () => {
    const version = await put(auckland, 'notifications', {
      categories: { MARKETING: { channels: { EMAIL: true }, frequency: 'immediate' } },
    });
    expect(await projectedVersion(auckland, version)).toBe(version);
    await expect(ask(auckland, 'EMAIL', 'MARKETING')).resolves.toEqual({ allowed: true });
    await expect(ask(auckland, 'EMAIL', 'BILLING')).resolves.toEqual({ allowed: true });
    await expect(
      ask(auckland, 'IN_APP', 'ACCOUNT', 'normal', new Date('2026-07-15T11:30:00Z')),
    ).resolves.toEqual({
      allowed: true,
    });
  });
});
