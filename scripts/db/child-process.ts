import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './services';

export class ChildProcessError extends Error {}

/** Prefers the repository's own binary so no registry lookup happens; npx is the fallback. */
export function localBin(name: string): { command: string; prefixArgs: string[] } {
  const local = join(REPO_ROOT, 'node_modules', '.bin', name);
  return existsSync(local)
    ? { command: local, prefixArgs: [] }
    : { command: 'npx', prefixArgs: ['--no-install', name] };
}

/** Runs a tool with inherited stdio; a non-zero exit becomes an error naming the command. */
export function runTool(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { command, prefixArgs } = localBin(name);
  const shown = [name, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefixArgs, ...args], { cwd: REPO_ROOT, env, stdio: 'inherit' });
    child.on('error', (error) =>
      reject(new ChildProcessError(`Could not start "${shown}": ${error.message}`)),
    );
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new ChildProcessError(
            `"${shown}" ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`,
          ),
        );
    });
  });
}
