/**
 * Seeds the notification database: the built-in templates with version 1 published and active,
 * and the sample accounts' notification preferences. Rows are inserted when their id is missing
 * and never rewritten, so a second run changes nothing; a template published again later keeps
 * its newer versions.
 * Run from the repository root: `tsx prisma/notification/seed.ts` with NOTIFICATION_DATABASE_URL set.
 */
import { PrismaClient } from '@orion/prisma-notification';
import { firstVersionOf, NOTIFICATION_PREFERENCES, SYSTEM_TEMPLATE_KEYS, TEMPLATES } from './seed-data';
import { sampleAccountsWanted } from '../sample-accounts';
import { runSeed, SeedTally } from '../seed-runner';

async function seed(prisma: PrismaClient): Promise<SeedTally> {
  const templates = await prisma.template.createMany({
    skipDuplicates: true,
    data: TEMPLATES.map((t) => ({
      id: t.id,
      key: t.key,
      category: t.category,
      description: t.description,
      defaultLocale: 'en',
      defaultChannels: t.defaultChannels,
      system: SYSTEM_TEMPLATE_KEYS.includes(t.key),
      activeVersion: 1,
    })),
  });
  const versions = await prisma.templateVersion.createMany({
    skipDuplicates: true,
    data: TEMPLATES.map(firstVersionOf),
  });
  // Preferences of the sample accounts, only where those exist (SEED_SAMPLE_ACCOUNTS).
  const samplePreferences = sampleAccountsWanted(process.env) ? NOTIFICATION_PREFERENCES : [];
  const preferences = await prisma.userPreference.createMany({
    skipDuplicates: true,
    // Quiet hours and time zone live per user (user_delivery_settings), not per preference row.
    data: samplePreferences.map(({ quietHoursStart: _s, quietHoursEnd: _e, timezone: _t, ...row }) => row),
  });
  return {
    Template: { created: templates.count, total: TEMPLATES.length },
    TemplateVersion: { created: versions.count, total: TEMPLATES.length },
    UserPreference: { created: preferences.count, total: samplePreferences.length },
  };
}

if (require.main === module) {
  runSeed('notification', (adapter) => new PrismaClient({ adapter }), seed);
}
