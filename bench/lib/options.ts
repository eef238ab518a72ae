import { join } from 'node:path';

export interface BenchOptions {
  /** A few seconds per scenario on a small seed: proves every scenario runs, says nothing about speed. */
  smoke: boolean;
  /** Seconds of measured load per side (Orion, then its baseline). */
  durationS: number;
  /** Seconds of unmeasured load before each measured run. */
  warmupS: number;
  /** Concurrent HTTP connections (or in-process workers) per run. */
  connections: number;
  /** Users seeded straight into the user database. */
  users: number;
  /** Build the services first (`npm run build`). */
  build: boolean;
  /** Where latest.md and latest.json go. */
  outDir: string;
  /** LOG_LEVEL of the services under load. */
  logLevel: string;
  /** Scenario names to run; all when empty. */
  only: string[];
  /** Write a V8 CPU profile of each service here (node --cpu-prof), for finding where time goes. */
  cpuProfileDir?: string;
  /** Write each service's log here at the end (with --log-level info: every request and its time). */
  logDir?: string;
}

const FULL = { durationS: 20, warmupS: 5, connections: 20, users: 100_000 };
const SMOKE = { durationS: 1.5, warmupS: 0.5, connections: 4, users: 2_000 };

function valueOf(args: string[], name: string): string | undefined {
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

function positive(args: string[], name: string, fallback: number): number {
  const raw = valueOf(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

export function parseOptions(args: string[], root: string): BenchOptions {
  const smoke = args.includes('--smoke');
  const defaults = smoke ? SMOKE : FULL;
  return {
    smoke,
    durationS: positive(args, 'duration', defaults.durationS),
    warmupS: positive(args, 'warmup', defaults.warmupS),
    connections: Math.round(positive(args, 'connections', defaults.connections)),
    users: Math.round(positive(args, 'users', defaults.users)),
    // A smoke run builds only when asked (CI builds before the tests); a full run always does.
    build: args.includes('--build') || (!smoke && !args.includes('--skip-build')),
    outDir: valueOf(args, 'out') ?? join(root, 'bench', 'results'),
    logLevel: valueOf(args, 'log-level') ?? 'warn',
    only: (valueOf(args, 'only') ?? '').split(',').filter(Boolean),
    cpuProfileDir: valueOf(args, 'cpu-prof'),
    logDir: valueOf(args, 'logs'),
  };
}
