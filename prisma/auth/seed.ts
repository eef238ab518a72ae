/**
 * Seeds the auth database: trusted devices of the sample accounts and the rate-limit rules.
 * Rows are inserted when their id is missing and never rewritten, so a second run changes nothing.
 * Run from the repository root: `tsx prisma/auth/seed.ts` with AUTH_DATABASE_URL set.
 */
import { DeviceStatus, PrismaClient } from '@orion/prisma-auth';
import { PrismaPg } from '@prisma/adapter-pg';
import { RATE_LIMITS, TRUSTED_DEVICES } from './seed-data';

const URL_VARIABLE = 'AUTH_DATABASE_URL';

type Tally = Record<string, { created: number; total: number }>;

async function seed(prisma: PrismaClient): Promise<Tally> {
  const devices = await prisma.device.createMany({
    skipDuplicates: true,
    data: TRUSTED_DEVICES.map((d) => ({
      ...d,
      status: DeviceStatus.TRUSTED,
      trustedUntil: new Date(d.trustedUntil),
    })),
  });
  const rateLimits = await prisma.rateLimit.createMany({ skipDuplicates: true, data: [...RATE_LIMITS] });
  return {
    Device: { created: devices.count, total: TRUSTED_DEVICES.length },
    RateLimit: { created: rateLimits.count, total: RATE_LIMITS.length },
  };
}

function summary(tally: Tally): string {
  const parts = Object.entries(tally).map(
    ([model, { created, total }]) => `${model} ${created} created/${total - created} found`,
  );
  return `auth seed: ${parts.join(', ')}`;
}

async function main(): Promise<void> {
  const url = process.env[URL_VARIABLE]?.trim();
  if (!url)
    throw new Error(`${URL_VARIABLE} is not set: it must hold the PostgreSQL URL of the auth database`);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    console.log(summary(await seed(prisma)));
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`auth seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
