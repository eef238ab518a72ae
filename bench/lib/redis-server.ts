import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from '@orion/testing';
import Redis from 'ioredis';

export interface BenchRedis {
  /** With a password: production configuration refuses a Redis without one. */
  url: string;
  pid?: number;
  stop(): Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A private redis-server for the run, on a free port, keeping nothing on disk, so the figures
 * are not shared with (or disturbed by) anyone else's keys. BENCH_REDIS_URL uses an existing one.
 */
export async function startBenchRedis(): Promise<BenchRedis> {
  const existing = process.env.BENCH_REDIS_URL;
  if (existing) return { url: existing, stop: async () => undefined };
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const child = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--requirepass',
      password,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  // Never outlives the run, even when it ends on an error or Ctrl-C.
  process.once('exit', () => child.kill('SIGKILL'));
  const failed = new Promise<never>((_resolve, reject) =>
    child.once('error', (error) => reject(new Error(`redis-server could not start: ${error.message}`))),
  );
  const url = `redis://:${password}@127.0.0.1:${port}`;
  const ready = (async () => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch {
        await pause(100);
      } finally {
        probe.disconnect();
      }
    }
    throw new Error(`redis-server did not answer on port ${port}`);
  })();
  await Promise.race([ready, failed]);
  return {
    url,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
