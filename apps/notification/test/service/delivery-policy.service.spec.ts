import { randomUUID } from 'node:crypto';
import { Clock } from '@orion/core';
import { ServiceTier, startServiceTier } from '@orion/testing';
import { PrismaService } from '../../src/database/prisma.service';
import { TransactionRunner } from '../../src/database/transaction.runner';
import { DeliveryPolicyService } from '../../src/preferences/delivery-policy.service';
import { PreferencesModule } from '../../src/preferences/preferences.module';

describe('delivery policy (service tier: real repositories and database)', () => {
  let tier: ServiceTier;
  let policy: DeliveryPolicyService;

  beforeAll(async () => {
    tier = await startServiceTier({
      service: 'notification',
      prisma: PrismaService,
      transactions: TransactionRunner,
      imports: () => [PreferencesModule],
    });
    policy = tier.get(DeliveryPolicyService);
  });

  afterEach(() => tier.clock.restore());
  afterAll(() => tier?.stop());

  /** A user whose projected settings keep quiet hours from 22:00 to 07:00 in Berlin. */
  const quietAtNight = async (): Promise<string> => {
    const userId = randomUUID();
    await tier.query(
      `INSERT INTO user_delivery_settings
         (user_id, version, timezone, quiet_hours_start, quiet_hours_end, source_occurred_at, updated_at)
       VALUES ($1, 1, 'Europe/Berlin', '22:00', '07:00', now(), now())`,
      [userId],
    );
    return userId;
  };

  const choose = (userId: string, category: string, choice: { enabled: boolean; frequency?: string }) =>
    tier.query(
      `INSERT INTO user_preferences (user_id, channel, category, enabled, frequency, updated_at)
       VALUES ($1, 'EMAIL', $2::"TemplateCategory", $3, $4, now())`,
      [userId, category, choice.enabled, choice.frequency ?? 'immediate'],
    );

  const evaluate = (userId: string, category: string, priority: 'normal' | 'urgent' = 'normal') =>
    policy.evaluate({ userId, channel: 'EMAIL', category, priority, now: tier.get(Clock).now() });

  it('defers a normal message sent in the quiet hours to their end, in the user’s time zone', async () => {
    const userId = await quietAtNight();
    // 23:30 in Berlin (CET, UTC+1): quiet until 07:00 local, 06:00 UTC.
    tier.clock.setTo(new Date('2031-01-15T22:30:00Z'));
    expect(await evaluate(userId, 'ACCOUNT')).toEqual({
      allowed: true,
      deferUntil: new Date('2031-01-16T06:00:00Z'),
    });
  });

  it('sends at once outside the quiet hours, and an urgent message even inside them', async () => {
    const userId = await quietAtNight();
    tier.clock.setTo(new Date('2031-01-15T12:00:00Z'));
    expect(await evaluate(userId, 'ACCOUNT')).toEqual({ allowed: true });
    tier.clock.setTo(new Date('2031-01-15T22:30:00Z'));
    expect(await evaluate(userId, 'ACCOUNT', 'urgent')).toEqual({ allowed: true });
  });

  it('honours a switched-off channel or a muted category, but never for security notices', async () => {
    const userId = randomUUID();
    await choose(userId, 'MARKETING', { enabled: true, frequency: 'never' });
    await choose(userId, 'BILLING', { enabled: false });
    await choose(userId, 'SECURITY', { enabled: false, frequency: 'never' });
    expect(await evaluate(userId, 'MARKETING')).toEqual({ allowed: false, reason: 'CATEGORY_DISABLED' });
    expect(await evaluate(userId, 'BILLING')).toEqual({ allowed: false, reason: 'CHANNEL_DISABLED' });
    expect(await evaluate(userId, 'SECURITY')).toEqual({ allowed: true });
    // No stored choice: the category's default, on.
    expect(await evaluate(userId, 'ACCOUNT')).toEqual({ allowed: true });
  });
});
