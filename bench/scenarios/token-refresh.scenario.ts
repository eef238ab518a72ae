import type autocannon from 'autocannon';
import { runHttpLoad } from '../lib/http-load';
import { compare, Scenario } from '../lib/scenario';
import { queryDatabase } from '@orion/testing';
import { issueRefreshTokens } from '../lib/refresh-pool';

// Sent when the pool runs dry: answered 401, so the run shows up as failed rather than silently short.
const SPENT = 'A'.repeat(43);

/**
 * Every request presents a refresh token never used before: the pool starts with one token per
 * user and each answer's new refresh token goes back into it.
 */
function rotating(pool: string[]): autocannon.Request[] {
  return [
    {
      method: 'POST',
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({ refreshToken: pool.shift() ?? SPENT }),
      }),
      onResponse: (status, body) => {
        if (status === 200) pool.push((JSON.parse(body) as { refreshToken: string }).refreshToken);
      },
    },
  ];
}

export const tokenRefresh: Scenario = {
  name: 'token-refresh',
  title: 'Token refresh with rotation',
  target: '≥50% of the baseline req/s',
  async run({ bench, baseline }) {
    const { connections, warmupS, durationS } = bench.options;
    // Each run (warm-up and measured) strands at most one token per connection in flight; many
    // users per side keep each one's refresh rate like a real client's
    // (token-refresh:user allows 30 a minute).
    const perSide = Math.max(connections * 3 + 5, bench.options.smoke ? 200 : 2000);
    const users = await queryDatabase<{ id: string }>(
      bench.platform.user.database.url,
      `SELECT id FROM users WHERE username LIKE 'bench\\_%' ORDER BY username LIMIT $1`,
      [perSide * 2],
    );
    const tokens = await issueRefreshTokens(
      { auth: bench.platform.auth.database.url, user: bench.platform.user.database.url },
      users.map((user) => user.id),
    );
    const orion = await runHttpLoad(
      {
        label: 'auth service POST /api/v1/auth/token/refresh',
        url: `${bench.platform.auth.baseUrl}/api/v1/auth/token/refresh`,
        method: 'POST',
        connections,
        requests: rotating(tokens.slice(0, perSide)),
      },
      warmupS,
      durationS,
    );
    const bare = await runHttpLoad(
      {
        label: 'Fastify + pg: lock, insert successor and access row, mark rotated, one transaction',
        url: `${baseline.baseUrl}/token/refresh`,
        method: 'POST',
        connections,
        requests: rotating(tokens.slice(perSide)),
      },
      warmupS,
      durationS,
    );
    return compare(this, orion, bare, { minThroughputRatio: 0.5 }, [
      'Orion also checks the per-user limit, signs a new EdDSA access token, caches the successor in Redis for the reuse grace window and tells the user service the session is active; the baseline does none of that.',
    ]);
  },
};
