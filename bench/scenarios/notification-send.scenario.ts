import { randomUUID } from 'node:crypto';
import { measureBullmqNoop } from '../baselines/bullmq-noop.baseline';
import { runHttpLoad } from '../lib/http-load';
import { Measurement, round } from '../lib/measurement';
import { compare, Scenario } from '../lib/scenario';
import { benchEmail } from '../lib/seed-users';
import { signIn } from '../lib/sign-in';

/** Workers the notification service runs for normal priority by default (DELIVERY_CONCURRENCY_NORMAL). */
const NORMAL_DELIVERY_CONCURRENCY = 5;
const DRAIN_TIMEOUT_MS = 120_000;
const SINK_PATH = '/bench/webhook';
// Every 20th seeded account holds the support role, which grants notifications:send.
const SUPPORT_ACCOUNT = benchEmail(140);

/**
 * POST /api/v1/notifications to a webhook on a local sink, counted when the sink has received
 * it, against BullMQ adding and processing no-op jobs on the same Redis.
 */
export const notificationSend: Scenario = {
  name: 'notification-send',
  title: 'Notification send to delivery (webhook)',
  target: '≥25% of BullMQ no-op jobs/s, nothing lost',
  async run({ bench }) {
    const { connections, warmupS, durationS } = bench.options;
    const { notification, http: sink } = bench.platform;
    const url = `${notification.baseUrl}/api/v1/notifications`;
    const { accessToken } = await signIn(bench.platform.auth.baseUrl, SUPPORT_ACCOUNT);
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const body = () =>
      JSON.stringify({
        recipient: { webhookUrl: sink.url(SINK_PATH) },
        channels: ['WEBHOOK'],
        priority: 'normal',
        content: { text: 'bench', payload: { n: randomUUID() } },
      });
    const probe = await fetch(url, { method: 'POST', headers, body: body() });
    if (probe.status === 404) {
      return {
        name: this.name,
        title: this.title,
        target: this.target,
        status: 'not available',
        notes: [
          'POST /api/v1/notifications answered 404: the notification service has no send route in this build.',
        ],
      };
    }
    if (probe.status >= 300) {
      throw new Error(
        `POST /api/v1/notifications answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`,
      );
    }
    const deliveredTo = () => sink.requests().filter((request) => request.path === SINK_PATH).length;
    await waitFor(() => deliveredTo() >= 1, DRAIN_TIMEOUT_MS);
    sink.clear();
    const started = performance.now();
    const accepted = await runHttpLoad(
      {
        label: 'notification service POST /api/v1/notifications (WEBHOOK)',
        url,
        method: 'POST',
        headers,
        connections,
        requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: body() }) }],
      },
      0,
      warmupS + durationS,
    );
    const drained = await waitFor(() => deliveredTo() >= accepted.total - accepted.non2xx, DRAIN_TIMEOUT_MS);
    const elapsedS = (performance.now() - started) / 1000;
    const delivered = deliveredTo();
    const expected = accepted.total - accepted.non2xx;
    const orion: Measurement = {
      ...accepted,
      label: `${accepted.label}: accepted ${expected}, delivered ${delivered}`,
      throughput: round(delivered / elapsedS, 1),
      unit: 'jobs/s',
      errors: accepted.errors + Math.max(0, expected - delivered),
      durationS: round(elapsedS),
    };
    const bullmq = await measureBullmqNoop(
      bench.redis.url,
      connections,
      NORMAL_DELIVERY_CONCURRENCY,
      durationS,
    );
    const notes = drained ? [] : [`Only ${delivered} of ${expected} accepted notifications arrived in time.`];
    return compare(this, orion, bullmq, { minThroughputRatio: 0.25 }, [
      ...notes,
      'Throughput counts deliveries from the first request until the last delivery arrived; p50/p99 are the HTTP accept latencies.',
    ]);
  },
};

async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
