import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

/**
 * Every child process the e2e harness starts, so that none outlives the test run: whatever
 * a test forgot to stop is killed when the Jest process exits, even after a failed assertion.
 */
const children = new Set<ChildProcess>();

function killLeftovers(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

process.once('exit', killLeftovers);

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Spawns a tracked child; it leaves the registry when it exits. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  // A failure to spawn also ends the child; 'exit' may never come.
  child.once('error', () => children.delete(child));
  return child;
}

/** Pids of tracked children still running: empty after a clean teardown. */
export function runningChildPids(): number[] {
  return [...children].filter(isRunning).map((child) => child.pid!);
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<ExitStatus> {
  if (!isRunning(child)) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Sends SIGTERM, then SIGKILL if the child is still running after `graceMs`. */
export async function terminate(child: ChildProcess, graceMs: number): Promise<ExitStatus> {
  if (!isRunning(child)) return exited(child);
  const done = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (isRunning(child)) child.kill('SIGKILL');
  }, graceMs);
  try {
    return await done;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a tracked child to its end, killing it after `timeoutMs`; returns its status and output. */
export async function runTracked(
  command: string,
  args: string[],
  options: SpawnOptions,
  timeoutMs: number,
): Promise<ExitStatus & { output: string }> {
  const child = spawnTracked(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const failed = new Promise<never>((_resolve, reject) => child.once('error', reject));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const status = await Promise.race([exited(child), failed]);
    return { ...status, output };
  } finally {
    clearTimeout(timer);
  }
}
