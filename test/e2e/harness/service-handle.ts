import { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@orion/testing';
import { ExitStatus, exited, isRunning, spawnTracked, terminate } from './child-registry';
import { PlatformService, ROOT, ServiceDatabase } from './databases';

export interface ServiceHandleOptions {
  service: PlatformService;
  port: number;
  database: ServiceDatabase;
  env: NodeJS.ProcessEnv;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
  /** What to run instead of the built service: node's arguments (e.g. preloads and a .ts file). */
  nodeArgs?: string[];
}

export function builtEntryPoint(service: PlatformService): string {
  return join(ROOT, 'dist', 'apps', service, 'main.js');
}

/** Fails with the fix when the services were not built before the run. */
export function assertBuilt(services: readonly PlatformService[]): void {
  const missing = services.map(builtEntryPoint).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `The e2e tests run the built services, but ${missing.join(', ')} is missing: run \`npm run build\` first.`,
    );
  }
}

/**
 * One service running as a real process on a fixed port and database. It can be killed
 * (to play a crash) and started again on the same port and database.
 */
export class ServiceHandle {
  readonly name: PlatformService;
  readonly port: number;
  readonly baseUrl: string;
  readonly database: ServiceDatabase;
  private child: ChildProcess | undefined;
  private readonly runs: string[] = [];

  constructor(private readonly options: ServiceHandleOptions) {
    this.name = options.service;
    this.port = options.port;
    this.baseUrl = `http://127.0.0.1:${options.port}`;
    this.database = options.database;
  }

  /** The environment the process runs with. */
  get env(): NodeJS.ProcessEnv {
    return { ...this.options.env };
  }

  /** Pid of the current process, undefined before the first start. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && isRunning(this.child);
  }

  /** What the process wrote to stdout and stderr: every run, oldest first, or one run (0 = first). */
  logs(run?: number): string {
    return run === undefined ? this.runs.join('') : (this.runs[run] ?? '');
  }

  /** The JSON log lines of every run, or of one, parsed. */
  logEntries(run?: number): Record<string, unknown>[] {
    return this.logs(run)
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  }

  /** How many times the process has been started. */
  get runCount(): number {
    return this.runs.length;
  }

  /** Starts the process, with `extraEnv` for this run only, and waits until /health/ready answers 200. */
  async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    const child = spawnTracked(process.execPath, this.options.nodeArgs ?? [builtEntryPoint(this.name)], {
      cwd: ROOT,
      // Only what the harness gives: a developer's own variables must not leak into the run.
      env: { PATH: process.env.PATH, ...this.options.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const run = this.runs.push('') - 1;
    const append = (chunk: Buffer) => (this.runs[run] += chunk.toString());
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    await this.waitUntilReady(child);
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    let last = 'no answer';
    const ready = async () => {
      if (!isRunning(child)) {
        const { code, signal } = await exited(child);
        throw new Error(`${this.name} exited (code ${code}, signal ${signal}) before ready:\n${this.logs()}`);
      }
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) return true;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = (error as Error).message;
      }
      return false;
    };
    try {
      await eventually(ready, `${this.name} to be ready`, {
        timeoutMs: this.options.readyTimeoutMs,
        intervalMs: 100,
      });
    } catch (error) {
      if (!isRunning(child)) throw error;
      await terminate(child, this.options.stopTimeoutMs);
      throw new Error(
        `${this.name} was not ready within ${this.options.readyTimeoutMs} ms (last: ${last}):\n${this.logs()}`,
        { cause: error },
      );
    }
  }

  /** Asks the process to shut down (SIGTERM), killing it if it has not exited in time. */
  async stop(): Promise<ExitStatus | undefined> {
    if (!this.child) return undefined;
    return terminate(this.child, this.options.stopTimeoutMs);
  }

  /**
   * Sends a signal, by default SIGKILL to play a crash, and waits for the process to exit.
   * SIGSTOP and SIGCONT freeze and thaw it instead, without waiting.
   */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ExitStatus | undefined> {
    const child = this.child;
    if (!child || !isRunning(child)) throw new Error(`${this.name} is not running`);
    child.kill(signal);
    if (signal === 'SIGSTOP' || signal === 'SIGCONT') return undefined;
    return exited(child);
  }

  /** Stops the process if it runs, then starts it again on the same port and database. */
  async restart(): Promise<void> {
    if (this.child && isRunning(this.child)) {
      // A frozen process cannot handle SIGTERM until it runs again.
      this.child.kill('SIGCONT');
      await this.stop();
    }
    await this.start();
  }
}
