import { join } from 'node:path';
import { runTracked } from './child-registry';

export { createMigratedDatabase } from '@orion/testing';

export const ROOT = join(__dirname, '..', '..', '..');
export const SERVICES = ['auth', 'user', 'notification'] as const;
export type PlatformService = (typeof SERVICES)[number];

export interface ServiceDatabase {
  name: string;
  url: string;
}

/** Runs the service's seed the way operators do (`tsx prisma/<service>/seed.ts`). */
export async function seedDatabase(service: PlatformService, database: ServiceDatabase): Promise<void> {
  const run = await runTracked(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join('prisma', service, 'seed.ts')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        [`${service.toUpperCase()}_DATABASE_URL`]: database.url,
      },
    },
    60_000,
  );
  if (run.code !== 0) throw new Error(`seeding the ${service} database failed:\n${run.output}`);
}
