import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DEFAULT_REDIS_NAMESPACE, RedisNamespace } from '@orion/core';
import Redis from 'ioredis';
import { freePort } from './service-process';
import { sleep } from './waiting';

/** Where services started without REDIS_NAMESPACE keep their keys, streams and channels. */
export const DEFAULT_NAMESPACE = new RedisNamespace(DEFAULT_REDIS_NAMESPACE);

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A REDIS_NAMESPACE of its own for one start of a service under test (`t-<8 hex>`), so suites
 * sharing a Redis never see each other's events, streams, channels or queues.
 */
export function freshNamespace(): string {
  return `t-${randomBytes(4).toString('hex')}`;
}

/**
 * A redis-server of the suite's own on a free loopback port, keeping nothing on disk. Event
 * streams and consumer groups have fixed names, so a suite whose services must see each
 * other's events (and nobody else's) runs them on one of these instead of the shared server.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const failed = new Promise<never>((_resolve, reject) =>
    child.once('error', (error) => reject(new Error(`redis-server could not start: ${error.message}`))),
  );
  const url = `redis://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch {
        await sleep(100);
      } finally {
        probe.disconnect();
      }
    }
    throw new Error(`redis-server did not answer on port ${port}`);
  })();
  await Promise.race([ready, failed]);
  return {
    url,
    stop: async () => {
      process.removeListener('exit', kill);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
