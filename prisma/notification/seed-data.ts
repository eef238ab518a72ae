/**
 * What the notification seed writes, as plain data with fixed ids: the seed inserts whatever
 * is missing by id and never rewrites a row, and scripts can count records without a database.
 *
 * Each template is seeded with version 1 published and active, in English and German. Bodies use
 * Handlebars placeholders (`{{name}}`, `{{#if flag}}…{{/if}}`), and every placeholder is a
 * declared variable with a sample value, so previews work out of the box.
 */
import type { NotificationChannel, TemplateCategory } from '@orion/prisma-notification';
import { USER_PREFERENCES } from '../user/seed-data';
import { ACCOUNT_TEMPLATES } from './seed-templates-account';
import { ADDRESS_TEMPLATES } from './seed-templates-address';
import { ACCOUNT_PROTECTION_TEMPLATES } from './seed-templates-account-protection';
import { SECURITY_TEMPLATES } from './seed-templates-security';
import { ChannelContent, TEMPLATE_LOCALES, TemplateLocale, TemplateSeed } from './seed-template-format';

export { SYSTEM_TEMPLATE_KEYS, TEMPLATE_LOCALES } from './seed-template-format';
export type { ChannelContent, TemplateLocale, TemplateSeed, TemplateVariable } from './seed-template-format';

export const TEMPLATES: readonly TemplateSeed[] = [
  ...ACCOUNT_TEMPLATES,
  ...SECURITY_TEMPLATES,
  ...ADDRESS_TEMPLATES,
  ...ACCOUNT_PROTECTION_TEMPLATES,
];

/** Version 1 of a seeded template as stored: variables as a list, content by locale then channel. */
export function firstVersionOf(t: TemplateSeed) {
  const content: Record<string, Record<string, ChannelContent>> = {};
  for (const locale of TEMPLATE_LOCALES as readonly TemplateLocale[]) {
    content[locale] = {};
    for (const [channel, byLocale] of Object.entries(t.content)) {
      content[locale][channel as NotificationChannel] = byLocale[locale];
    }
  }
  return {
    id: t.versionId,
    templateId: t.id,
    version: 1,
    variables: Object.entries(t.variables).map(([name, v]) => ({ name, ...v })),
    content,
  };
}

export interface NotificationPreferenceSeed {
  id: string;
  userId: string;
  channel: NotificationChannel;
  category: TemplateCategory;
  enabled: boolean;
  frequency: 'immediate' | 'hourly' | 'daily' | 'weekly';
  quietHoursStart?: string;
  quietHoursEnd?: string;
  timezone?: string;
}

interface NotificationSettings {
  categories: Partial<
    Record<TemplateCategory, { channels: Partial<Record<NotificationChannel, boolean>>; frequency: string }>
  >;
  quietHours?: { start: string; end: string };
}

/**
 * The user service owns preferences; these rows are the notification service's projection of
 * each sample account's `notifications` category (one row per category and channel named
 * there), with the account's time zone, so the seeds agree as the event consumer would.
 */
export const NOTIFICATION_PREFERENCES: readonly NotificationPreferenceSeed[] = USER_PREFERENCES.flatMap(
  (preferences) => {
    const settings = preferences.notifications as unknown as NotificationSettings;
    const timezone = String(preferences.localization.timeZone);
    return Object.entries(settings.categories).flatMap(([category, choice]) =>
      Object.entries(choice.channels).map(([channel, enabled]) => ({
        userId: preferences.userId,
        channel: channel as NotificationChannel,
        category: category as TemplateCategory,
        enabled: Boolean(enabled),
        frequency: choice.frequency as NotificationPreferenceSeed['frequency'],
        quietHoursStart: settings.quietHours?.start,
        quietHoursEnd: settings.quietHours?.end,
        timezone,
      })),
    );
  },
).map((row, index) => ({ id: `41000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`, ...row }));

/** Record counts per model, for scripts that describe the seed without a database. */
export const NOTIFICATION_SEED_COUNTS = {
  Template: TEMPLATES.length,
  TemplateVersion: TEMPLATES.length,
  UserPreference: NOTIFICATION_PREFERENCES.length,
} as const;
