import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { eventually } from './waiting';

const ROOT = join(__dirname, '..', '..', '..');

export interface ServiceProcess {
  baseUrl: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
  /** Sends a signal (SIGKILL: a crash, no shutdown hooks) and waits until the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A TCP port that is free right now on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

function spawnBuiltService(service: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(ROOT, 'dist', 'apps', service, 'main.js')], {
    cwd: ROOT,
    // Only what the test gives: a developer's own variables must not leak into the run.
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts a built service (dist/) and waits until it answers its liveness probe. */
export async function startServiceProcess(
  service: string,
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<ServiceProcess> {
  const child = spawnBuiltService(service, env);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited;
    }
  };
  const live = async () => {
    if (child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode}:\n${output}`);
    try {
      return (await fetch(`${baseUrl}/health/live`)).ok;
    } catch {
      return false; // not listening yet
    }
  };
  try {
    await eventually(live, `${service} to become live`, { timeoutMs: 30_000, intervalMs: 100 });
  } catch (error) {
    if (child.exitCode !== null) throw error;
    await stop();
    throw new Error(`${service} did not become live within 30 s:\n${output}`, { cause: error });
  }
  return { baseUrl, pid: child.pid!, output: () => output, stop, kill };
}

/** Runs a built service expecting it to stop by itself; returns its exit code and output. */
export async function runServiceToExit(
  service: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 20_000,
): Promise<{ code: number | null; output: string }> {
  const child = spawnBuiltService(service, env);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output };
}
