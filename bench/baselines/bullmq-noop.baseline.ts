import { Job, Queue, Worker } from 'bullmq';
import { runClosedLoop } from '../lib/closed-loop';
import { Measurement, percentile, round } from '../lib/measurement';

const connectionOf = (redisUrl: string) => {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    password: url.password ? decodeURIComponent(url.password) : undefined,
    username: url.username ? decodeURIComponent(url.username) : undefined,
  };
};

/**
 * BullMQ on the same Redis: jobs added back to back by `concurrency` producers for `durationS`
 * and processed by a worker that does nothing. Throughput counts jobs from the first add until
 * the last one completed; latency is add-to-completion; every added job must complete.
 */
export async function measureBullmqNoop(
  redisUrl: string,
  concurrency: number,
  workerConcurrency: number,
  durationS: number,
): Promise<Measurement> {
  const connection = connectionOf(redisUrl);
  const name = `bench-noop-${Date.now()}`;
  const queue = new Queue(name, { connection });
  const latencies: number[] = [];
  let completed = 0;
  const worker = new Worker(name, async () => undefined, { connection, concurrency: workerConcurrency });
  worker.on('completed', (job: Job) => {
    completed += 1;
    if (job.finishedOn) latencies.push(job.finishedOn - job.timestamp);
  });
  try {
    await worker.waitUntilReady();
    const started = performance.now();
    const adding = await runClosedLoop(
      {
        label: 'add',
        concurrency,
        operation: () => queue.add('noop', { n: 1 }, { removeOnComplete: true, removeOnFail: true }),
      },
      0,
      durationS,
    );
    const added = adding.total;
    const deadline = Date.now() + 60_000;
    while (completed < added && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const elapsedS = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      label: `BullMQ no-op jobs, ${concurrency} producers, worker concurrency ${workerConcurrency}`,
      throughput: round(completed / elapsedS, 1),
      unit: 'jobs/s',
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      total: completed,
      errors: adding.errors + (added - Math.min(added, completed)),
      non2xx: 0,
      warmupFaults: 0,
      durationS: round(elapsedS),
    };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
