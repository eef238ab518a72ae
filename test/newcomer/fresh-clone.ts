import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUrlFor, dropTestDatabase, eventually, freePort } from '@orion/testing';

export const ROOT = join(__dirname, '..', '..');
const SERVICES = ['auth', 'user', 'notification'] as const;
export type CloneService = (typeof SERVICES)[number];

/** The repository's committed HEAD, cloned as a newcomer clones it: no node_modules, no build. */
export function cloneCommittedHead(): { dir: string; commit: string; remove(): void } {
  const parent = mkdtempSync(join(tmpdir(), 'orion-newcomer-'));
  const dir = join(parent, 'orion');
  const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  execFileSync('git', ['clone', '--quiet', `file://${ROOT}`, dir], { stdio: 'pipe' });
  // A CI checkout may be a detached commit that the cloned HEAD does not point at.
  execFileSync('git', ['-C', dir, 'checkout', '--quiet', '--detach', commit], { stdio: 'pipe' });
  return { dir, commit, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** Only the variables npm needs to find its cache: a developer's own settings must not leak in. */
function hostEnvironment(): NodeJS.ProcessEnv {
  const keep = /^(PATH|HOME|USER|LANG|LC_ALL|TMPDIR|https?_proxy|HTTPS?_PROXY|no_proxy|NO_PROXY)$/;
  const npm = /^npm_config_(cache|registry|userconfig)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => keep.test(key) || npm.test(key)));
}

export interface CloneOverrides {
  /** Variables for every service, e.g. CORS_ORIGINS. */
  env?: NodeJS.ProcessEnv;
  redisUrl: string;
}

export interface RunningClone {
  baseUrl: Record<CloneService, string>;
  /** maildev's web inbox and REST API. */
  mailUrl: string;
  ports: number[];
  databases: string[];
  /** The last lines npm start printed, for failure messages. */
  outputTail(lines?: number): string;
  /** The last `==> …` step npm start announced. */
  lastStep(): string;
  /** Resolves when every service answers /health/ready; rejects when npm start exits first. */
  ready(timeoutMs: number): Promise<void>;
  /** Ctrl-C to the whole process group, as in a terminal; resolves with whatever is left running. */
  stop(timeoutMs?: number): Promise<string[]>;
}

/** Variables that keep a run off a developer's databases, ports and Redis keys. */
async function isolatedEnvironment(overrides: CloneOverrides) {
  const [auth, user, notification, smtp, web] = await distinctPorts(5);
  const id = randomBytes(4).toString('hex');
  const databases = SERVICES.map((service) => `orion_newcomer_${id}_${service}`);
  const ports = { auth: auth!, user: user!, notification: notification! };
  const env: NodeJS.ProcessEnv = {
    ...hostEnvironment(),
    NO_COLOR: '1',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    AUTH_PORT: String(ports.auth),
    USER_PORT: String(ports.user),
    NOTIFICATION_PORT: String(ports.notification),
    AUTH_DATABASE_URL: databaseUrlFor(databases[0]!),
    USER_DATABASE_URL: databaseUrlFor(databases[1]!),
    NOTIFICATION_DATABASE_URL: databaseUrlFor(databases[2]!),
    AUTH_JWKS_URL: `http://127.0.0.1:${ports.auth}/.well-known/jwks.json`,
    REDIS_URL: overrides.redisUrl,
    REDIS_NAMESPACE: `newcomer-${id}`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp),
    MAILDEV_SMTP_PORT: String(smtp),
    MAILDEV_WEB_PORT: String(web),
    ...overrides.env,
  };
  return { env, ports, databases, allPorts: [auth!, user!, notification!, smtp!, web!], web: web! };
}

async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

interface ProcessInfo {
  pid: number;
  pgid: number;
  cwd: string;
  cmdline: string;
}

/** Every live process, read from /proc (Linux); zombies are left out, they run nothing. */
function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // Fields after the parenthesised command name: state, ppid, pgrp, ...
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${name}/cwd`);
      } catch {
        // not ours to read: the command line still tells
      }
      found.push({ pid: Number(name), pgid: Number(pgrp), cwd, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Processes of the group, or working in or naming `dir`: what a run left behind. */
export function leftBehind(pgid: number, dir: string): ProcessInfo[] {
  return processes().filter((p) => p.pgid === pgid || p.cwd.startsWith(dir) || p.cmdline.includes(dir));
}

/** `npm start` in the clone, in a process group of its own so that one signal reaches everything. */
export async function startClone(dir: string, overrides: CloneOverrides): Promise<RunningClone> {
  const { env, ports, databases, allPorts, web } = await isolatedEnvironment(overrides);
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const baseUrl = Object.fromEntries(
    SERVICES.map((service) => [service, `http://127.0.0.1:${ports[service]}`]),
  ) as Record<CloneService, string>;
  const outputTail = (lines = 60) => output.split('\n').slice(-lines).join('\n');

  const answers = async (url: string) => {
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
    } catch {
      return false;
    }
  };

  return {
    baseUrl,
    mailUrl: `http://127.0.0.1:${web}`,
    ports: allPorts,
    databases,
    outputTail,
    lastStep: () => [...output.matchAll(/^==> (.*)$/gm)].pop()?.[1] ?? '(none yet)',
    async ready(timeoutMs) {
      const urls = [
        ...SERVICES.map((s) => `${baseUrl[s]}/health/ready`),
        `http://127.0.0.1:${web}/api/email`,
      ];
      await eventually(
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(
              `npm start exited (${child.exitCode ?? child.signalCode}) before the services were ready`,
            );
          }
          return (await Promise.all(urls.map(answers))).every(Boolean);
        },
        'every service to answer /health/ready',
        { timeoutMs, intervalMs: 500 },
      );
    },
    async stop(timeoutMs = 30_000) {
      const pgid = child.pid!;
      if (leftBehind(pgid, dir).length > 0) process.kill(-pgid, 'SIGINT');
      let left = leftBehind(pgid, dir);
      const gone = () => (left = leftBehind(pgid, dir)).length === 0;
      // Not a failure here: what is still running afterwards is reported below.
      await eventually(gone, 'the clone to stop', { timeoutMs, intervalMs: 200 }).catch(() => undefined);
      // Whatever ignored Ctrl-C is reported, then killed by its own pid.
      for (const { pid } of left) process.kill(pid, 'SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await exited;
      return left.map(({ pid, cmdline }) => `${pid} ${cmdline}`);
    },
  };
}

export async function dropCloneDatabases(names: string[]): Promise<void> {
  await Promise.all(names.map((name) => dropTestDatabase(name)));
}
