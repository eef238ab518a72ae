import { queryDatabase } from '@orion/testing';
import { perConnection, runHttpLoad } from '../lib/http-load';
import { compare, Scenario } from '../lib/scenario';
import { signInAll } from '../lib/sign-in';

/** GET /api/v1/users/me with real access tokens, against the same query through bare Fastify + pg. */
export const profileRead: Scenario = {
  name: 'profile-read',
  title: "Authenticated read of one's own profile",
  target: '≥50% of the baseline req/s, p99 within 3×',
  async run({ bench, baseline }) {
    const { connections, warmupS, durationS } = bench.options;
    const { auth, user } = bench.platform;
    // One account per connection, so the load reads different rows.
    const emails = bench.users.signInEmails.slice(0, connections);
    const tokens = await signInAll(auth.baseUrl, emails);
    const rows = await queryDatabase<{ id: string; email_normalized: string }>(
      user.database.url,
      'SELECT id, email_normalized FROM users WHERE email_normalized = ANY($1)',
      [emails],
    );
    const idOf = new Map(rows.map((row) => [row.email_normalized, row.id]));
    const orion = await runHttpLoad(
      {
        label: 'user service GET /api/v1/users/me (Bearer access token)',
        url: `${user.baseUrl}/api/v1/users/me`,
        connections,
        setupClient: perConnection((n) => ({
          authorization: `Bearer ${tokens[n % tokens.length]!.accessToken}`,
        })),
      },
      warmupS,
      durationS,
    );
    const bare = await runHttpLoad(
      {
        label: 'Fastify + pg, same SELECT by id (caller in a header)',
        url: `${baseline.baseUrl}/profile`,
        connections,
        setupClient: perConnection((n) => ({ 'x-user-id': idOf.get(emails[n % emails.length]!) ?? '' })),
      },
      warmupS,
      durationS,
    );
    return compare(this, orion, bare, { minThroughputRatio: 0.5, maxP99Ratio: 3 }, [
      'Orion verifies the EdDSA access token against the JWKS, checks its revocation in Redis, logs and validates; the baseline does none of that.',
    ]);
  },
};
