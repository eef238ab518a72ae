/**
 * Seeds the auth database: trusted devices of the sample accounts and the rate-limit rules.
 * Rows are inserted when their id is missing and never rewritten, so a second run changes nothing.
 * Run from the repository root: `tsx prisma/auth/seed.ts` with AUTH_DATABASE_URL set.
 */
import { DeviceStatus, PrismaClient } from '@orion/prisma-auth';
import { RATE_LIMITS, TRUSTED_DEVICES } from './seed-data';
import { runSeed, SeedTally } from '../seed-runner';

async function seed(prisma: PrismaClient): Promise<SeedTally> {
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

if (require.main === module) {
  runSeed('auth', (adapter) => new PrismaClient({ adapter }), seed);
}
