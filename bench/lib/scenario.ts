import { BaselineServer } from './baseline-server';
import { BenchPlatform } from './bench-platform';
import { faultsOf, Measurement, round, ScenarioResult } from './measurement';

export interface ScenarioContext {
  bench: BenchPlatform;
  baseline: BaselineServer;
}

export interface Scenario {
  name: string;
  title: string;
  target: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

export interface Goal {
  /** Orion's throughput must be at least this share of the baseline's. */
  minThroughputRatio?: number;
  /** Orion's p99 may be at most this multiple of the baseline's. */
  maxP99Ratio?: number;
}

/** Puts Orion's figures against the baseline's and decides the target, saying plainly what missed. */
export function compare(
  scenario: Pick<Scenario, 'name' | 'title' | 'target'>,
  orion: Measurement,
  baseline: Measurement,
  goal: Goal,
  notes: string[] = [],
): ScenarioResult {
  const throughputRatio =
    baseline.throughput > 0 ? round(orion.throughput / baseline.throughput, 3) : undefined;
  const p99Ratio = baseline.p99Ms > 0 ? round(orion.p99Ms / baseline.p99Ms, 2) : undefined;
  const misses: string[] = [];
  if (goal.minThroughputRatio !== undefined && !(throughputRatio! >= goal.minThroughputRatio)) {
    misses.push(
      `throughput is ${pct(throughputRatio)} of the baseline's, below the ${pct(goal.minThroughputRatio)} target`,
    );
  }
  if (goal.maxP99Ratio !== undefined && !(p99Ratio! <= goal.maxP99Ratio)) {
    misses.push(`p99 is ${p99Ratio}× the baseline's, above the ${goal.maxP99Ratio}× target`);
  }
  const faults = faultsOf(orion) + faultsOf(baseline);
  if (faults > 0)
    notes.push(`${faults} errors or non-2xx answers: these figures are not a valid measurement`);
  return {
    name: scenario.name,
    title: scenario.title,
    target: scenario.target,
    status: faults > 0 ? 'failed' : 'ok',
    orion,
    baseline,
    throughputRatio,
    p99Ratio,
    targetMet: misses.length === 0,
    notes: [...misses.map((miss) => `Target missed: ${miss}.`), ...notes],
  };
}

export const pct = (ratio: number | undefined): string =>
  ratio === undefined ? 'n/a' : `${Math.round(ratio * 1000) / 10}%`;
