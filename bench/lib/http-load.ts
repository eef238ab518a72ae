import autocannon from 'autocannon';
import { Measurement, round } from './measurement';

export interface HttpLoad {
  label: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  /** Per connection: e.g. a different user's token on each one. */
  setupClient?: (client: autocannon.Client) => void;
  /** Per request: e.g. a refresh token that has never been used. */
  requests?: autocannon.Request[];
}

let connectionCounter = 0;

/** Gives each connection its own headers, chosen by a connection number. */
export function perConnection(
  headersFor: (connection: number) => Record<string, string>,
): (client: autocannon.Client) => void {
  return (client) =>
    client.setHeaders({ 'content-type': 'application/json', ...headersFor(connectionCounter++) });
}

async function fire(load: HttpLoad, durationS: number): Promise<autocannon.Result> {
  return autocannon({
    url: load.url,
    method: load.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...load.headers },
    body: load.body,
    connections: load.connections,
    duration: durationS,
    timeout: 10,
    setupClient: load.setupClient,
    requests: load.requests,
  });
}

/** Warms up (unmeasured), then measures; autocannon's own client, closed loop, no pipelining. */
export async function runHttpLoad(load: HttpLoad, warmupS: number, durationS: number): Promise<Measurement> {
  const warmup = warmupS > 0 ? await fire(load, warmupS) : undefined;
  const result = await fire(load, durationS);
  const completed = result.requests.total;
  const statuses = Object.entries(result.statusCodeStats)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, { count }]) => `${code}×${count}`);
  return {
    label: load.label + (statuses.length > 0 ? ` (answers ${statuses.join(', ')})` : ''),
    throughput: round(completed / result.duration, 1),
    unit: 'req/s',
    p50Ms: round(result.latency.p50),
    p99Ms: round(result.latency.p99),
    total: completed,
    errors: result.errors,
    non2xx: result.non2xx,
    warmupFaults: warmup ? warmup.errors + warmup.non2xx : 0,
    durationS: round(result.duration),
  };
}
