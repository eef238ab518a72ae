import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport } from './lib/report';

const ROOT = join(__dirname, '..');
const SCENARIOS = ['profile-read', 'token-refresh', 'permission-check', 'sign-in', 'notification-send'];

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), ...args], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/**
 * The benchmark's smoke mode, as CI runs it: every scenario must run against its baseline
 * without a single error or non-2xx answer. Speed is never asserted.
 */
describe('npm run bench -- --smoke', () => {
  const out = mkdtempSync(join(tmpdir(), 'orion-bench-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs every scenario against its baseline without errors and writes both reports', async () => {
    const run = await runBench(['--smoke', '--out', out]);
    if (run.code !== 0) throw new Error(`the smoke run exited with ${run.code}:\n${run.output}`);

    const report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchReport;
    expect(report.mode).toBe('smoke');
    expect(report.scenarios.map((scenario) => scenario.name)).toEqual(SCENARIOS);
    for (const scenario of report.scenarios) {
      // The send route may not exist in every build; the scenario must then say so, not fail.
      if (scenario.name === 'notification-send' && scenario.status === 'not available') continue;
      expect({ name: scenario.name, status: scenario.status, notes: scenario.notes }).toEqual({
        name: scenario.name,
        status: 'ok',
        notes: scenario.notes,
      });
      for (const side of [scenario.orion!, scenario.baseline!]) {
        expect(side.total).toBeGreaterThan(0);
        expect(side.errors + side.non2xx + side.warmupFaults).toBe(0);
      }
      expect(typeof scenario.targetMet).toBe('boolean');
    }
    const services = report.memory.filter((row) => row.process.endsWith(' service'));
    expect(services).toHaveLength(3);
    for (const row of services) expect(row.loaded?.peakRssMb).toBeGreaterThan(0);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'latest.md'), 'utf8')).toContain('SMOKE run');
  }, 240_000);
});
