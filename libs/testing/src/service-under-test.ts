import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deploy } from '../../../scripts/db/migrator';
import { createTestDatabase, dropTestDatabase } from './database';
import { eventually } from './waiting';

const ROOT = join(__dirname, '..', '..', '..');

export type ServiceWithDatabase = 'auth' | 'user' | 'notification';

/** A fresh database for the service with the committed migrations applied by the project's migrator. */
export async function createMigratedDatabase(
  service: ServiceWithDatabase,
  prefix: string,
): Promise<{ name: string; url: string }> {
  const database = await createTestDatabase(`${prefix}_${service}`);
  try {
    await deploy({ databaseUrl: database.url, migrationsDir: join(ROOT, 'prisma', service, 'migrations') });
  } catch (error) {
    await dropTestDatabase(database.name);
    throw new Error(`migrating the ${service} database failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return database;
}

/** Seeds a service's test database the way operators do: `tsx prisma/<service>/seed.ts`. */
export function seedServiceDatabase(service: ServiceWithDatabase, databaseUrl: string): void {
  const seeded = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, `prisma/${service}/seed.ts`)], {
    env: { ...process.env, [`${service.toUpperCase()}_DATABASE_URL`]: databaseUrl, NODE_ENV: 'test' },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stdout}${seeded.stderr}`);
}

/**
 * Polls `probe` (a GET of /health/ready) until it answers 200: Redis connects in the background,
 * so a service that has booted may not be ready yet.
 */
export async function waitUntilReady(
  service: string,
  probe: () => Promise<{ statusCode: number }>,
  timeoutMs = 10_000,
): Promise<void> {
  await eventually(async () => (await probe()).statusCode === 200, `the ${service} service to be ready`, {
    timeoutMs,
  });
}
