import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaselineServer, startBaselineServer } from './lib/baseline-server';
import { BenchPlatform, startBenchPlatform } from './lib/bench-platform';
import { describeMachine } from './lib/machine';
import { ScenarioResult } from './lib/measurement';
import { parseOptions } from './lib/options';
import { readProcessMemory } from './lib/process-memory';
import { BenchReport, MemoryRow, writeReport } from './lib/report';
import { pct, Scenario } from './lib/scenario';
import { notificationSend } from './scenarios/notification-send.scenario';
import { permissionCheck } from './scenarios/permission-check.scenario';
import { profileRead } from './scenarios/profile-read.scenario';
import { signIn } from './scenarios/sign-in.scenario';
import { tokenRefresh } from './scenarios/token-refresh.scenario';

const ROOT = join(__dirname, '..');
const SCENARIOS: Scenario[] = [profileRead, tokenRefresh, permissionCheck, signIn, notificationSend];

const began = performance.now();
const log = (message: string) =>
  process.stdout.write(`[bench ${((performance.now() - began) / 1000).toFixed(1)}s] ${message}\n`);

async function runScenarios(
  bench: BenchPlatform,
  baseline: BaselineServer,
  only: string[],
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS.filter((s) => only.length === 0 || only.includes(s.name))) {
    log(`${scenario.name}: ${scenario.title}`);
    const logged = bench.platform.services.map((service) => service.logEntries().length);
    try {
      results.push(await scenario.run({ bench, baseline }));
    } catch (error) {
      const { name, title, target } = scenario;
      results.push({
        name,
        title,
        target,
        status: 'failed',
        notes: [`Could not run: ${(error as Error).message}`],
      });
    }
    const last = results[results.length - 1]!;
    last.notes.push(...errorsLogged(bench, logged));
    log(
      `  ${last.status}; throughput ${pct(last.throughputRatio)} of baseline, p99 ${last.p99Ratio ?? 'n/a'}×; ` +
        `target met: ${last.targetMet ?? 'n/a'}${last.notes.length ? `\n    ${last.notes.join('\n    ')}` : ''}`,
    );
  }
  return results;
}

/** The first distinct errors each service logged during a scenario: why answers were 5xx. */
function errorsLogged(bench: BenchPlatform, since: number[]): string[] {
  return bench.platform.services.flatMap((service, index) => {
    const messages = service
      .logEntries()
      .slice(since[index])
      .filter((entry) => typeof entry.level === 'number' && entry.level >= 50)
      .map((entry) =>
        String((entry.err as { message?: string } | undefined)?.message ?? entry.msg).slice(0, 300),
      );
    const distinct = [...new Set(messages)];
    return distinct
      .slice(0, 3)
      .map((message) => `The ${service.name} service logged ${messages.length} errors, e.g.: ${message}`);
  });
}

function memoryRows(bench: BenchPlatform, baseline: BaselineServer | undefined): MemoryRow[] {
  return [
    ...bench.platform.services.map((service) => ({
      process: `${service.name} service`,
      idle: bench.idleMemory[service.name],
      loaded: readProcessMemory(service.pid),
    })),
    { process: 'baseline server (Fastify + pg)', loaded: readProcessMemory(baseline?.pid) },
    { process: 'redis-server (private)', loaded: readProcessMemory(bench.redis.pid) },
  ];
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), ROOT);
  const machine = describeMachine();
  const startedAt = new Date().toISOString();
  if (options.build) {
    log('building the services (npm run build)');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  log(`starting Redis, three databases with ${options.users} users, and the services`);
  const bench = await startBenchPlatform(ROOT, options);
  let baseline: BaselineServer | undefined;
  let scenarios: ScenarioResult[];
  let memory: MemoryRow[];
  try {
    baseline = await startBaselineServer(
      ROOT,
      { user: bench.platform.user.database.url, auth: bench.platform.auth.database.url },
      bench.platform.user.env.DATABASE_POOL_MAX ?? '10',
    );
    if (options.cpuProfileDir) {
      for (const service of bench.platform.services) if (service.pid) process.kill(service.pid, 'SIGWINCH');
    }
    scenarios = await runScenarios(bench, baseline, options.only);
    memory = memoryRows(bench, baseline);
  } finally {
    await baseline?.stop();
    await bench.stop();
    if (options.logDir) {
      mkdirSync(options.logDir, { recursive: true });
      for (const service of bench.platform.services) {
        writeFileSync(join(options.logDir, `${service.name}.log`), service.logs());
      }
    }
  }
  const report: BenchReport = {
    mode: options.smoke ? 'smoke' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    settings: {
      durationS: options.durationS,
      warmupS: options.warmupS,
      connections: options.connections,
      users: options.users,
      logLevel: options.logLevel,
    },
    machine,
    scenarios,
    memory,
  };
  const written = writeReport(options.outDir, report);
  log(`wrote ${written.markdown} and ${written.json}`);
  const failed = scenarios.filter((s) => s.status === 'failed');
  const missed = scenarios.filter((s) => s.status === 'ok' && !s.targetMet);
  if (missed.length > 0) log(`targets missed: ${missed.map((s) => s.name).join(', ')}`);
  if (failed.length > 0) log(`could not run or had errors: ${failed.map((s) => s.name).join(', ')}`);
  // Speed never fails the run: only a scenario that could not run or had errors does.
  return failed.length > 0 ? 1 : 0;
}

// Exit normally on Ctrl-C, so every child process is stopped by its exit hook.
process.once('SIGINT', () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`[bench] ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
