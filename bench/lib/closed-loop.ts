import { Measurement, percentile, round } from './measurement';

export interface ClosedLoop {
  label: string;
  unit?: Measurement['unit'];
  /** Workers that each run the operation back to back. */
  concurrency: number;
  operation: () => Promise<unknown>;
}

async function loop(work: ClosedLoop, durationS: number, latencies: number[] | null): Promise<number> {
  const until = performance.now() + durationS * 1000;
  let errors = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        await work.operation();
        latencies?.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: work.concurrency }, worker));
  return errors;
}

/** Runs an in-process operation with fixed concurrency: warm-up, then a measured run. */
export async function runClosedLoop(
  work: ClosedLoop,
  warmupS: number,
  durationS: number,
): Promise<Measurement> {
  const warmupFaults = warmupS > 0 ? await loop(work, warmupS, null) : 0;
  const latencies: number[] = [];
  const started = performance.now();
  const errors = await loop(work, durationS, latencies);
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    label: work.label,
    throughput: round(latencies.length / elapsedS, 1),
    unit: work.unit ?? 'ops/s',
    p50Ms: round(percentile(latencies, 0.5), 3),
    p99Ms: round(percentile(latencies, 0.99), 3),
    total: latencies.length,
    errors,
    non2xx: 0,
    warmupFaults,
    durationS: round(elapsedS),
  };
}
