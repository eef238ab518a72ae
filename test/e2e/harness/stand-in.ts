import { join } from 'node:path';
import { createTestDatabase, dropTestDatabase, freePort } from '@orion/testing';
import { PlatformService, ROOT } from './databases';
import { ServiceHandle } from './service-handle';

/**
 * Node's arguments to run a fixture from its TypeScript source. ts-node compiles it like the
 * build does: Nest's injection by type needs the decorator metadata that esbuild-based runners
 * leave out. Node runs the file itself, without a wrapper process, so signals reach the service.
 */
export function tsNodeArguments(fixture: string): string[] {
  return ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(ROOT, fixture)];
}

export interface StandInOptions {
  /** The service the process plays: its configuration variables and its name in logs. */
  service: PlatformService;
  /** The fixture's path from the repository root, e.g. test/e2e/fixtures/some-stand-in.ts. */
  fixture: string;
  /** Variables for the process, besides the harness's own; they win over those. */
  env?: NodeJS.ProcessEnv;
  redisUrl?: string;
  readyTimeoutMs?: number;
  stopTimeoutMs?: number;
}

export interface StandIn {
  /** Start, stop, kill, freeze, restart and read the logs of the process. */
  handle: ServiceHandle;
  /** Stops the process (killing it if it hangs) and drops its database. */
  stop(): Promise<void>;
}

/**
 * Runs a fixture service from its TypeScript source as a real, tracked process on a free port,
 * with an empty database of its own, and waits until it answers /health/ready.
 */
export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const variable = options.service.toUpperCase();
  const database = await createTestDatabase(`orion_e2e_standin_${options.service}`);
  const port = await freePort();
  const handle = new ServiceHandle({
    service: options.service,
    port,
    database,
    readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
    stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
    nodeArgs: tsNodeArguments(options.fixture),
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      [`${variable}_PORT`]: String(port),
      [`${variable}_DATABASE_URL`]: database.url,
      REDIS_URL: options.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      ...options.env,
    },
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= handle
      .stop()
      .then(() => undefined)
      .finally(() => dropTestDatabase(database.name)));
  try {
    await handle.start();
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { handle, stop };
}
