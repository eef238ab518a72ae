/**
 * Seeds the auth database: the rate-limit rules and, when the sample accounts are wanted
 * (SEED_SAMPLE_ACCOUNTS, by default outside production only), their trusted devices.
 * Rows are inserted when their id is missing and never rewritten, so a second run changes nothing.
 * Run from the repository root: `tsx prisma/auth/seed.ts` with AUTH_DATABASE_URL set.
 */
import { DeviceStatus, PrismaClient } from '@orion/prisma-auth';
import { RATE_LIMITS, TRUSTED_DEVICES } from './seed-data';
import { sampleAccountsWanted } from '../sample-accounts';
import { runSeed, SeedTally } from '../seed-runner';

async function seed(prisma: PrismaClient): Promise<SeedTally> {
  // The sample accounts' trusted devices exist only where the sample accounts do.
  const sampleDevices = sampleAccountsWanted(process.env) ? TRUSTED_DEVICES : [];
  const devices = await prisma.device.createMany({
    skipDuplicates: true,
    data: sampleDevices.map((d) => ({
      ...d,
      status: DeviceStatus.TRUSTED,
      trustedUntil: new Date(d.trustedUntil),
    })),
  });
  const rateLimits = await prisma.rateLimit.createMany({ skipDuplicates: true, data: [...RATE_LIMITS] });
  return {
    Device: { created: devices.count, total: sampleDevices.length },
    RateLimit: { created: rateLimits.count, total: RATE_LIMITS.length },
  };
}

if (require.main === module) {
  runSeed('auth', (adapter) => new PrismaClient({ adapter }), seed);
}
