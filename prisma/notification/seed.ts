/**
 * Seeds the notification database: version 1 of the built-in templates (active) and the sample
 * accounts' notification preferences. Rows are inserted when their id is missing and never
 * rewritten, so a second run changes nothing; a template edited later keeps its edits.
 * Run from the repository root: `tsx prisma/notification/seed.ts` with NOTIFICATION_DATABASE_URL set.
 */
import { PrismaClient } from '@orion/prisma-notification';
import { NOTIFICATION_PREFERENCES, TEMPLATE_ROWS } from './seed-data';
import { runSeed, SeedTally } from '../seed-runner';

async function seed(prisma: PrismaClient): Promise<SeedTally> {
  const templates = await prisma.template.createMany({
    skipDuplicates: true,
    data: TEMPLATE_ROWS.map((t) => ({
      id: t.id,
      key: t.key,
      channel: t.channel,
      locale: t.locale,
      version: 1,
      category: t.category,
      isActive: true,
      description: t.description,
      subject: t.subject ?? null,
      body: t.body,
      htmlBody: t.htmlBody ?? null,
      variables: { ...t.variables },
    })),
  });
  const preferences = await prisma.userPreference.createMany({
    skipDuplicates: true,
    data: [...NOTIFICATION_PREFERENCES],
  });
  return {
    Template: { created: templates.count, total: TEMPLATE_ROWS.length },
    UserPreference: { created: preferences.count, total: NOTIFICATION_PREFERENCES.length },
  };
}

if (require.main === module) {
  runSeed('notification', (adapter) => new PrismaClient({ adapter }), seed);
}
