import { randomUUID } from 'node:crypto';
import type { HttpSink } from '@orion/testing';
import { measureBullmqNoop } from '../baselines/bullmq-noop.baseline';
import { runHttpLoad } from '../lib/http-load';
import { Measurement, round, ScenarioResult } from '../lib/measurement';
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
 * POST /api/v1/notifications to a webhook endpoint on a local sink, counted when the sink has
 * received it, against BullMQ adding and processing no-op jobs on the same Redis.
 */
export const notificationSend: Scenario = {
  name: 'notification-send',
  title: 'Notification send to delivery (webhook)',
  target: '≥25% of BullMQ no-op jobs/s, nothing lost',
  async run({ bench }) {
    const { connections, warmupS, durationS } = bench.options;
    const { notification, http: sink } = bench.platform;
    const api = `${notification.baseUrl}/api/v1`;
    const { accessToken } = await signIn(bench.platform.auth.baseUrl, SUPPORT_ACCOUNT);
    const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    // Webhook URLs are registered first; a notification names its endpoint.
    const endpoint = await fetch(`${api}/webhook-endpoints`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: sink.url(SINK_PATH), description: 'benchmark sink' }),
    });
    if (endpoint.status === 404) return notAvailable(this, 'POST /api/v1/webhook-endpoints answered 404.');
    if (endpoint.status !== 201) throw new Error(`registering the webhook: ${await answer(endpoint)}`);
    const { id: webhookEndpointId } = (await endpoint.json()) as { id: string };
    const body = () =>
      JSON.stringify({
        recipient: { webhookEndpointId },
        channels: ['WEBHOOK'],
        priority: 'normal',
        content: { text: 'bench', payload: { n: randomUUID() } },
      });

    const probeStarted = performance.now();
    const probe = await fetch(`${api}/notifications`, { method: 'POST', headers, body: body() });
    const probeMs = Math.round(performance.now() - probeStarted);
    if (probe.status === 404) return notAvailable(this, 'POST /api/v1/notifications answered 404.');
    if (probe.status >= 300) throw new Error(`POST /api/v1/notifications: ${await answer(probe)}`);
    if (!(await waitFor(() => deliveries(sink) >= 1, DRAIN_TIMEOUT_MS))) {
      throw new Error('the first notification never reached the webhook sink');
    }
    sink.clear();

    const started = performance.now();
    const sent = await runHttpLoad(
      {
        label: 'notification service POST /api/v1/notifications (WEBHOOK)',
        url: `${api}/notifications`,
        method: 'POST',
        headers,
        connections,
        requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: body() }) }],
      },
      0,
      warmupS + durationS,
    );
    const accepted = sent.total - sent.non2xx;
    const drained = await waitFor(() => deliveries(sink) >= accepted, DRAIN_TIMEOUT_MS);
    const elapsedS = (performance.now() - started) / 1000;
    const delivered = deliveries(sink);
    const orion: Measurement = {
      ...sent,
      label: `${sent.label}: ${accepted} accepted, ${delivered} delivered`,
      throughput: round(delivered / elapsedS, 1),
      unit: 'jobs/s',
      errors: sent.errors + Math.max(0, accepted - delivered),
      durationS: round(elapsedS),
    };
    const bullmq = await measureBullmqNoop(
      bench.redis.url,
      connections,
      NORMAL_DELIVERY_CONCURRENCY,
      durationS,
    );
    return compare(this, orion, bullmq, { minThroughputRatio: 0.25 }, [
      ...(drained
        ? []
        : [`Lost or late: only ${delivered} of ${accepted} accepted notifications arrived in time.`]),
      'Throughput counts deliveries from the first request until the last one arrived; p50/p99 are the HTTP accept latencies.',
      `One send on its own, before the load, was accepted in ${probeMs} ms.`,
    ]);
  },
};

/** Distinct messages the sink received (Standard Webhooks ids): a retried delivery counts once. */
function deliveries(sink: HttpSink): number {
  const received = sink.requests().filter((request) => request.path === SINK_PATH);
  return new Set(received.map((request, index) => String(request.headers['webhook-id'] ?? `#${index}`))).size;
}

function notAvailable(scenario: Scenario, why: string): ScenarioResult {
  const { name, title, target } = scenario;
  return { name, title, target, status: 'not available', notes: [why] };
}

async function answer(response: Response): Promise<string> {
  return `${response.status} ${(await response.text()).slice(0, 300)}`;
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
