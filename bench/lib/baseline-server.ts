import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@orion/testing';

export interface BaselineServer {
  baseUrl: string;
  pid?: number;
  stop(): Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts bench/baselines/server.ts in its own Node process (through tsx) and waits until it answers. */
export async function startBaselineServer(
  root: string,
  databases: { user: string; auth: string },
  poolMax: string,
): Promise<BaselineServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'bench', 'baselines', 'server.ts')],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        BASELINE_PORT: String(port),
        USER_DATABASE_URL: databases.user,
        AUTH_DATABASE_URL: databases.auth,
        DATABASE_POOL_MAX: poolMax,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  process.once('exit', () => child.kill('SIGKILL'));
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the baseline server exited: ${errors}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) return { baseUrl, pid: child.pid, stop };
    } catch {
      // not listening yet
    }
    await pause(100);
  }
  await stop();
  throw new Error(`the baseline server did not answer within 30 s: ${errors}`);
}
