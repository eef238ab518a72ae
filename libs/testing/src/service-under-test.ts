import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Seeds a service's test database the way operators do: `tsx prisma/<service>/seed.ts`. */
export function seedServiceDatabase(service: 'auth' | 'user' | 'notification', databaseUrl: string): void {
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
  const deadline = Date.now() + timeoutMs;
  while ((await probe()).statusCode !== 200) {
    if (Date.now() > deadline)
      throw new Error(`the ${service} service did not become ready in ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
