/** One side of a comparison: what was measured and how it went. */
export interface Measurement {
  label: string;
  /** Completed operations per second (requests, verifications, jobs). */
  throughput: number;
  unit: 'req/s' | 'ops/s' | 'jobs/s';
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Connection errors and timeouts, or operations that threw. */
  errors: number;
  /** HTTP answers outside 2xx (0 for in-process operations). */
  non2xx: number;
  /** Errors and non-2xx answers during the unmeasured warm-up: they count as faults too. */
  warmupFaults: number;
  durationS: number;
}

export type ScenarioStatus = 'ok' | 'failed' | 'not available';

export interface ScenarioResult {
  name: string;
  title: string;
  /** What the target demands, in words. */
  target: string;
  status: ScenarioStatus;
  orion?: Measurement;
  baseline?: Measurement;
  /** Orion's throughput divided by the baseline's. */
  throughputRatio?: number;
  /** Orion's p99 divided by the baseline's. */
  p99Ratio?: number;
  targetMet?: boolean;
  notes: string[];
}

export const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export function percentile(sortedMs: number[], fraction: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.ceil(fraction * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)]!;
}

/** Faults that make a run unusable as a measurement: any error or non-2xx answer. */
export function faultsOf(measurement: Measurement | undefined): number {
  return measurement ? measurement.errors + measurement.non2xx + measurement.warmupFaults : 0;
}
