import { join } from 'node:path';
import { generateTransportKeys, GeneratedTransportKeys, LOOPBACK_SINKS_ENV } from '@orion/testing';
import { Platform, queryDatabase, startPlatform } from '../../test/e2e/harness';
import { BenchOptions } from './options';
import { readProcessMemory, ProcessMemory } from './process-memory';
import { BenchRedis, startBenchRedis } from './redis-server';
import { SeededUsers, seedUsers } from './seed-users';
import { productionServiceEnv, sealingKeysForRun } from './service-env';

export interface BenchPlatform {
  platform: Platform;
  redis: BenchRedis;
  users: SeededUsers;
  options: BenchOptions;
  /** The run's transport keys and cache MAC key (production refuses the development ones). */
  keys: GeneratedTransportKeys;
  /** Each service's memory right after boot and seeding, before any load. */
  idleMemory: Record<string, ProcessMemory | undefined>;
  stop(): Promise<void>;
}

/** Accounts that know the bench password: enough for every scenario's token pools. */
const SIGN_IN_ACCOUNTS = 2_000;

/**
 * The system under test: a private Redis, three fresh databases named bench_<service>_<random>
 * (migrated and seeded by the project's own tools, then filled with `users` accounts in SQL)
 * and the three built services as separate production-mode processes.
 */
export async function startBenchPlatform(root: string, options: BenchOptions): Promise<BenchPlatform> {
  const redis = await startBenchRedis();
  const keys = generateTransportKeys();
  const sealing = sealingKeysForRun();
  let platform: Platform | undefined;
  try {
    platform = await startPlatform({
      seed: true,
      redisUrl: redis.url,
      databasePrefix: 'bench',
      logLevel: options.logLevel,
      env: {
        ...productionServiceEnv(root, options.logLevel),
        ...keys.sharedEnv,
        ...(options.cpuProfileDir && {
          NODE_OPTIONS: `--require ${join(root, 'bench', 'lib', 'cpu-profiler.preload.js')}`,
          BENCH_CPU_PROFILE_DIR: options.cpuProfileDir,
        }),
      },
      // The webhook sink listens on loopback, which production never allows as a target: the
      // notification service runs with NODE_ENV=test and the loopback allowance (over the
      // documented defaults), which changes its configuration checks only, not its code paths.
      serviceEnv: {
        auth: { ...keys.serviceEnv.auth, ...sealing.auth },
        user: { ...keys.serviceEnv.user, ...sealing.user },
        notification: {
          ...keys.serviceEnv.notification,
          NODE_ENV: 'test',
          ...LOOPBACK_SINKS_ENV,
          ...sealing.notification,
        },
      },
      readyTimeoutMs: 120_000,
    });
    const users = await seedUsers(platform.user.database.url, options.users, SIGN_IN_ACCOUNTS);
    await liftPerAddressLimits(platform.auth.database.url);
    const idleMemory = Object.fromEntries(
      platform.services.map((service) => [service.name, readProcessMemory(service.pid)]),
    );
    const running = platform;
    return {
      platform: running,
      redis,
      users,
      options,
      keys,
      idleMemory,
      stop: async () => {
        await running.stop().catch((error: Error) => process.stderr.write(`${error.message}\n`));
        await redis.stop();
      },
    };
  } catch (error) {
    await platform?.stop().catch(() => undefined);
    await redis.stop();
    throw error;
  }
}

/**
 * All load comes from one loopback address, which the per-IP rules (sign-in:ip, token-refresh:ip)
 * would block within seconds. Their limits are raised before the first request reads them; the
 * limiter still counts every request, and the per-account and per-user rules stay as seeded.
 */
async function liftPerAddressLimits(authDatabaseUrl: string): Promise<void> {
  await queryDatabase(authDatabaseUrl, `UPDATE rate_limits SET "limit" = 1000000000 WHERE scope = 'ip'`);
}
