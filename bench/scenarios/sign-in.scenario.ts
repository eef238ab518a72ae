import { measureArgon2Verify } from '../baselines/argon2-verify.baseline';
import { runHttpLoad } from '../lib/http-load';
import { compare, Scenario } from '../lib/scenario';
import { BENCH_PASSWORD } from '../lib/seed-users';

/** Password sign-ins end to end, against the raw Argon2id verification rate they cannot beat. */
export const signIn: Scenario = {
  name: 'sign-in',
  title: 'Sign-in with password',
  target: '≥85% of the raw Argon2id verify rate',
  async run({ bench }) {
    const { connections, warmupS, durationS } = bench.options;
    // Accounts other scenarios do not use, each signed in in turn: no single account is hammered.
    const accounts = bench.users.signInEmails.slice(500);
    let next = 0;
    let unfinished = 0;
    const orion = await runHttpLoad(
      {
        label: 'auth service POST /api/v1/auth/sign-in (verify in the user service, session, token family)',
        url: `${bench.platform.auth.baseUrl}/api/v1/auth/sign-in`,
        method: 'POST',
        connections,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ email: accounts[next++ % accounts.length], password: BENCH_PASSWORD }),
            }),
            // A 200 that asks for a second factor is not a finished sign-in.
            onResponse: (status, body) => {
              if (status === 200 && !body.includes('"accessToken"')) unfinished += 1;
            },
          },
        ],
      },
      warmupS,
      durationS,
    );
    const notes = unfinished > 0 ? [`${unfinished} sign-ins answered 200 without tokens (a challenge).`] : [];
    orion.errors += unfinished;
    const raw = await measureArgon2Verify(BENCH_PASSWORD, connections, warmupS, durationS);
    return compare(this, orion, raw, { minThroughputRatio: 0.85 }, [
      ...notes,
      'Both sides share the same cores: during sign-in the auth service, the user service, PostgreSQL and the load generator compete with the Argon2id work.',
      'Each sign-in is the account’s first on a new device (no X-Device-Id), so a security event and a new-device notification follow every one.',
    ]);
  },
};
