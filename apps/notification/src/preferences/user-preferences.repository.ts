import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import type {
  ChannelChoice,
  DeliverySettings,
  NotificationCategory,
  ProjectedPreferences,
} from './preferences.types';
import type { Channel } from '../notifications/notifications.types';

/** user_preferences (per channel and category) and user_delivery_settings (per user). */
@Injectable()
export class UserPreferencesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findChoice(
    userId: string,
    channel: Channel,
    category: NotificationCategory,
  ): Promise<Pick<ChannelChoice, 'enabled' | 'frequency'> | null> {
    return this.prisma.userPreference.findUnique({
      where: { userId_channel_category: { userId, channel, category } },
      select: { enabled: true, frequency: true },
    });
  }

  async findSettings(userId: string): Promise<DeliverySettings | null> {
    const row = await this.prisma.userDeliverySettings.findUnique({ where: { userId } });
    if (!row) return null;
    return {
      userId: row.userId,
      version: row.version,
      locale: row.locale,
      timeZone: row.timezone,
      quietHoursStart: row.quietHoursStart,
      quietHoursEnd: row.quietHoursEnd,
    };
  }

  async findChoices(userId: string): Promise<ChannelChoice[]> {
    const rows = await this.prisma.userPreference.findMany({
      where: { userId },
      orderBy: [{ category: 'asc' }, { channel: 'asc' }],
    });
    return rows.map(({ channel, category, enabled, frequency }) => ({
      channel,
      category,
      enabled,
      frequency,
    }));
  }

  /**
   * Replaces the user's projection if `projected` is newer than what is stored; false when a
   * newer (or the same) version is already there. The upsert's row lock orders concurrent events.
   */
  async replaceIfNewer(projected: ProjectedPreferences, tx: Tx): Promise<boolean> {
    const { settings, choices, occurredAt } = projected;
    const written = await tx.$queryRawUnsafe<unknown[]>(
      `INSERT INTO user_delivery_settings
              (user_id, version, locale, timezone, quiet_hours_start, quiet_hours_end, source_occurred_at, updated_at)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (user_id) DO UPDATE
          SET version = EXCLUDED.version, locale = EXCLUDED.locale, timezone = EXCLUDED.timezone,
              quiet_hours_start = EXCLUDED.quiet_hours_start, quiet_hours_end = EXCLUDED.quiet_hours_end,
              source_occurred_at = EXCLUDED.source_occurred_at, updated_at = now()
        WHERE user_delivery_settings.version < EXCLUDED.version
       RETURNING user_id`,
      settings.userId,
      settings.version,
      settings.locale,
      settings.timeZone,
      settings.quietHoursStart,
      settings.quietHoursEnd,
      occurredAt,
    );
    if (written.length === 0) return false;
    await tx.userPreference.deleteMany({ where: { userId: settings.userId } });
    if (choices.length > 0) {
      await tx.userPreference.createMany({
        data: choices.map((choice) => ({ userId: settings.userId, ...choice })),
      });
    }
    return true;
  }
}
