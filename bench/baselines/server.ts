import Fastify from 'fastify';
import { Pool } from 'pg';
import { registerProfileRead } from './profile-read.baseline';
import { registerTokenRefresh } from './token-refresh.baseline';

/**
 * The bare HTTP baselines, in a process of their own like the services they are compared
 * with: Fastify and `pg`, nothing else. Same databases and the same pool size as the services.
 */
async function main(): Promise<void> {
  const poolMax = Number(process.env.DATABASE_POOL_MAX ?? 10);
  const users = new Pool({ connectionString: process.env.USER_DATABASE_URL, max: poolMax });
  const auth = new Pool({ connectionString: process.env.AUTH_DATABASE_URL, max: poolMax });
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ ok: true }));
  registerProfileRead(app, users);
  registerTokenRefresh(app, auth);
  const stop = async () => {
    await app.close();
    await Promise.all([users.end(), auth.end()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  await app.listen({ host: '127.0.0.1', port: Number(process.env.BASELINE_PORT) });
}

main().catch((error: Error) => {
  process.stderr.write(`baseline server failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
