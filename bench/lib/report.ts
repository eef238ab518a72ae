import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MachineFacts } from './machine';
import { Measurement, ScenarioResult } from './measurement';
import { BenchOptions } from './options';
import { ProcessMemory } from './process-memory';
import { pct } from './scenario';

export interface MemoryRow {
  process: string;
  idle?: ProcessMemory;
  /** At the end of the run: VmHWM is the peak over every scenario. */
  loaded?: ProcessMemory;
}

export interface BenchReport {
  mode: 'smoke' | 'full';
  startedAt: string;
  finishedAt: string;
  settings: Pick<BenchOptions, 'durationS' | 'warmupS' | 'connections' | 'users' | 'logLevel'>;
  machine: MachineFacts;
  scenarios: ScenarioResult[];
  memory: MemoryRow[];
}

const side = (m: Measurement | undefined) =>
  m
    ? `${m.throughput} ${m.unit} · p50 ${m.p50Ms} ms · p99 ${m.p99Ms} ms · ${m.errors} err · ${m.non2xx} non-2xx`
    : '—';

const verdict = (result: ScenarioResult) => {
  if (result.status !== 'ok') return result.status;
  return result.targetMet ? 'yes' : '**no**';
};

export function renderMarkdown(report: BenchReport): string {
  const { machine, settings } = report;
  const lines = [
    `# Orion benchmark (${report.mode === 'smoke' ? 'SMOKE run: proves the scenarios run, not how fast' : 'full run'})`,
    '',
    `${report.startedAt} → ${report.finishedAt}. ${machine.cpuModel}, ${machine.cores} cores, ` +
      `${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}; load average ${machine.loadAverageAtStart} at start.`,
    `${settings.connections} connections, ${settings.warmupS} s warm-up + ${settings.durationS} s measured per side, ` +
      `${settings.users.toLocaleString('en')} seeded users, services in production mode (notification in test mode to reach the loopback webhook sink) at LOG_LEVEL=${settings.logLevel}.`,
    '',
    '| scenario | Orion | baseline | throughput ratio | p99 ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.scenarios.map(
      (r) =>
        `| ${r.title} | ${side(r.orion)} | ${side(r.baseline)} | ${pct(r.throughputRatio)} | ` +
        `${r.p99Ratio ?? 'n/a'}× | ${r.target} | ${verdict(r)} |`,
    ),
    '',
    '| process | idle RSS (MiB) | peak RSS under load (VmHWM, MiB) |',
    '| --- | --- | --- |',
    ...report.memory.map((m) => `| ${m.process} | ${m.idle?.rssMb ?? '—'} | ${m.loaded?.peakRssMb ?? '—'} |`),
    '',
    '## What was measured',
    '',
    ...report.scenarios.flatMap((r) => [
      `- **${r.title}** — Orion: ${r.orion?.label ?? 'not run'}; baseline: ${r.baseline?.label ?? 'none'}.`,
      ...r.notes.map((note) => `  - ${note}`),
    ]),
    '',
  ];
  return lines.join('\n');
}

/** Writes latest.md and latest.json into `dir`. */
export function writeReport(dir: string, report: BenchReport): { markdown: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const markdown = join(dir, 'latest.md');
  const json = join(dir, 'latest.json');
  writeFileSync(markdown, renderMarkdown(report));
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  return { markdown, json };
}
