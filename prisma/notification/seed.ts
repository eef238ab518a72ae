/**
 * Seeds the notification database: version 1 of the built-in templates (active) and the sample
 * accounts' notification preferences. Rows are inserted when their id is missing and never
 * rewritten, so a second run changes nothing; a template edited later keeps its edits.
 * Run from the repository root: `tsx prisma/notification/seed.ts` with NOTIFICATION_DATABASE_URL set.
 */
import { PrismaClient } from '@orion/prisma-notification';
import { PrismaPg } from '@prisma/adapter-pg';
import { NOTIFICATION_PREFERENCES, TEMPLATE_ROWS } from './seed-data';

const URL_VARIABLE = 'NOTIFICATION_DATABASE_URL';

type Tally = Record<string, { created: number; total: number }>;

async function seed(prisma: PrismaClient): Promise<Tally> {
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

function summary(tally: Tally): string {
  const parts = Object.entries(tally).map(
    ([model, { created, total }]) => `${model} ${created} created/${total - created} found`,
  );
  return `notification seed: ${parts.join(', ')}`;
}

async function main(): Promise<void> {
  const url = process.env[URL_VARIABLE]?.trim();
  if (!url) {
    throw new Error(
      `${URL_VARIABLE} is not set: it must hold the PostgreSQL URL of the notification database`,
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    console.log(summary(await seed(prisma)));
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`notification seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
