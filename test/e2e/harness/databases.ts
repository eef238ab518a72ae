import { join } from 'node:path';
import { createTestDatabase, dropTestDatabase } from '@orion/testing';
import { deploy } from '../../../scripts/db/migrator';
import { runTracked } from './child-registry';

export const ROOT = join(__dirname, '..', '..', '..');
export const SERVICES = ['auth', 'user', 'notification'] as const;
export type PlatformService = (typeof SERVICES)[number];

export interface ServiceDatabase {
  name: string;
  url: string;
}

/** A fresh database for the service with the committed migrations applied by the project's migrator. */
export async function createMigratedDatabase(
  service: PlatformService,
  prefix: string,
): Promise<ServiceDatabase> {
  const database = await createTestDatabase(`${prefix}_${service}`);
  try {
    await deploy({
      databaseUrl: database.url,
      migrationsDir: join(ROOT, 'prisma', service, 'migrations'),
    });
  } catch (error) {
    await dropTestDatabase(database.name);
    throw new Error(`migrating the ${service} database failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return database;
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
