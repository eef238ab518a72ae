import { performance } from 'node:perf_hooks';
import { AuthServiceUnderTest, uniqueEmail } from './support/auth-service';

const PASSWORD = 'orchid-lantern-meadow-31';
const PAIRS = 50;

type Answer = { status: number; keys: string[]; ms: number };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Whoever types an address into a public form learns nothing about whether it has an account:
 * not from the status, not from the body, not from how long the answer takes.
 */
describe('account enumeration', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    // Rate limits are relaxed by the harness: this suite sends many requests from one address.
    auth = await AuthServiceUnderTest.start();
  });

  afterAll(async () => {
    await auth?.stop();
  });

  const timed = async (url: string, body: Record<string, unknown>): Promise<Answer> => {
    const started = performance.now();
    const response = await auth.call('POST', url, { body });
    const ms = performance.now() - started;
    const parsed = response.body ? (response.json() as Record<string, unknown>) : {};
    return { status: response.statusCode, keys: Object.keys(parsed).sort(), ms };
  };

  /**
   * Known and unknown requests in interleaved pairs (the order alternating), each with a fresh
   * address, after a warm-up; the medians of both kinds are compared. The machine is shared, so a
   * round disturbed by other work is measured again, up to three rounds: a real difference (the
   * 20-60 % these routes had) shows in every round.
   */
  async function medianRatio(
    url: string,
    known: () => Promise<string>,
    body: (email: string) => Record<string, unknown>,
  ): Promise<number[]> {
    const rounds: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const addresses: string[] = [];
      for (let i = 0; i < PAIRS + 5; i += 1) addresses.push(await known());
      for (let i = 0; i < 5; i += 1) {
        await timed(url, body(addresses.pop()!));
        await timed(url, body(uniqueEmail('warm-up')));
      }
      const knownMs: number[] = [];
      const unknownMs: number[] = [];
      for (let i = 0; i < PAIRS; i += 1) {
        const taken = () => timed(url, body(addresses.pop()!));
        const fresh = () => timed(url, body(uniqueEmail('nobody')));
        const [k, u] =
          i % 2 === 0
            ? [await taken(), await fresh()]
            : ([await fresh(), await taken()].reverse() as Answer[]);
        expect(u!.status).toBe(k!.status);
        expect(u!.keys).toEqual(k!.keys);
        knownMs.push(k!.ms);
        unknownMs.push(u!.ms);
      }
      const ratio = median(knownMs) / median(unknownMs);
      rounds.push(Number(ratio.toFixed(3)));
      if (Math.abs(ratio - 1) < 0.1) break;
    }
    process.stdout.write(`${url}: median time known/unknown per round ${rounds.join(', ')}\n`);
    return rounds;
  }

  const withinTenPercent = (rounds: number[]) => rounds.some((ratio) => Math.abs(ratio - 1) < 0.1);

  const newAccount = async () => {
    const email = uniqueEmail('member');
    await auth.signUp(email, PASSWORD);
    return email;
  };

  it('tells the owner of a taken address about a sign-up for it, and the caller nothing', async () => {
    const email = await newAccount();
    const [owner] = await auth.users.query<{ id: string }>(
      'SELECT id FROM users WHERE email_normalized = $1',
      [email],
    );
    const usersBefore = await auth.users.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM users',
    );

    const taken = await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: PASSWORD } });
    const fresh = await auth.call('POST', '/api/v1/auth/sign-up', {
      body: { email: uniqueEmail('newcomer'), password: PASSWORD },
    });
    expect(taken.statusCode).toBe(202);
    expect(taken.json()).toEqual(fresh.json());
    // Again at once: answered alike, but the owner's inbox is not flooded.
    const again = await auth.call('POST', '/api/v1/auth/sign-up', { body: { email, password: PASSWORD } });
    expect(again.json()).toEqual(fresh.json());

    const notices = await auth.users.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM outbox_events WHERE name = 'user.registration-attempted.v1'
          AND payload->>'userId' = $1`,
      [owner!.id],
    );
    expect(notices.map((row) => row.payload)).toEqual([
      { userId: owner!.id, email, occurredAt: expect.any(String) },
    ]);
    // Only the new address got an account; nothing of the statements run for the taken one stayed.
    const usersAfter = await auth.users.query<{ count: string }>('SELECT count(*)::text AS count FROM users');
    expect(Number(usersAfter[0]!.count)).toBe(Number(usersBefore[0]!.count) + 1);
    expect(
      await auth.users.query("SELECT 1 FROM users WHERE email_normalized LIKE '%@example.invalid'"),
    ).toEqual([]);
  });

  it('answers sign-up for a taken and a new address with the same status, body and time', async () => {
    const rounds = await medianRatio('/api/v1/auth/sign-up', newAccount, (email) => ({
      email,
      password: PASSWORD,
    }));
    expect({ rounds, withinTenPercent: withinTenPercent(rounds) }).toEqual({
      rounds,
      withinTenPercent: true,
    });
  }, 180_000);

  it('answers a password-reset request for a known and an unknown address alike, in the same time', async () => {
    const rounds = await medianRatio('/api/v1/auth/password-reset', newAccount, (email) => ({ email }));
    expect({ rounds, withinTenPercent: withinTenPercent(rounds) }).toEqual({
      rounds,
      withinTenPercent: true,
    });
    expect(
      await auth.query("SELECT 1 FROM outbox_events WHERE payload->>'email' = 'nobody@example.invalid'"),
    ).toEqual([]);
  }, 180_000);
});
