import { randomInt } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { AuthServiceUnderTest } from './support/auth-service';
import { enableTotp, newSignedInUser, PASSWORD, SignedInUser, totpCode } from './support/two-factor';

/** A documentation-range address of its own per run: rate counters in Redis outlive a run. */
const freshIp = () => `198.18.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** Six digits that are certainly not what the authenticator shows now (±1 step is accepted). */
async function wrongCode(secret: string): Promise<string> {
  const valid = new Set([await totpCode(secret, -1), await totpCode(secret, 0), await totpCode(secret, 1)]);
  for (;;) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/**
 * The attack: the password is known, the second factor is not. Sign in, try a few codes, abandon
 * the challenge before it dies, sign in again for a fresh one, and so on, 1,000 guesses in all.
 */
async function guessSecondFactor(
  auth: AuthServiceUnderTest,
  victim: SignedInUser,
  secret: string,
  attacker: { ip: string },
  guesses = 1000,
): Promise<Map<string, number>> {
  const answers = new Map<string, number>();
  const count = (response: LightMyRequestResponse) => {
    const key = `${response.statusCode} ${response.json().code ?? response.json().status}`;
    answers.set(key, (answers.get(key) ?? 0) + 1);
  };
  let challengeToken: string | null = null;
  let triesOnChallenge = 0;
  for (let guess = 0; guess < guesses; guess += 1) {
    if (!challengeToken) {
      const signIn = await auth.signIn(victim.email, PASSWORD, attacker);
      if (signIn.statusCode !== 200 || signIn.json().status !== 'mfa_required') {
        count(signIn);
        continue;
      }
      challengeToken = signIn.json().mfa.challengeToken as string;
      triesOnChallenge = 0;
    }
    const answer = await auth.call('POST', '/api/v1/auth/mfa/verify', {
      headers: { 'x-forwarded-for': attacker.ip },
      body: { challengeToken, method: 'totp', code: await wrongCode(secret) },
    });
    count(answer);
    triesOnChallenge += 1;
    // Abandon before the challenge's own limit would end it.
    if (triesOnChallenge === 4 || answer.statusCode !== 401 || answer.json().code !== 'MFA_CODE_INVALID')
      challengeToken = null;
  }
  return answers;
}

async function codesChecked(auth: AuthServiceUnderTest, userId: string): Promise<number> {
  const [row] = await auth.query<{ count: string }>(
    "SELECT count(*)::text AS count FROM login_attempts WHERE user_id = $1 AND failure_reason = 'second_factor_invalid'",
    [userId],
  );
  return Number(row.count);
}

async function failuresOf(auth: AuthServiceUnderTest, email: string): Promise<number> {
  const [row] = await auth.query<{ consecutive_failures: number }>(
    'SELECT consecutive_failures FROM sign_in_lockouts WHERE identifier = $1',
    [email],
  );
  return row?.consecutive_failures ?? 0;
}

describe('second-factor brute force across fresh challenges', () => {
  let auth: AuthServiceUnderTest;

  beforeAll(async () => {
    // The seeded rules as shipped; only the test runner's own address may sign up and in freely.
    auth = await AuthServiceUnderTest.start({}, { strictRateLimits: true });
    await auth.setRateLimit('sign-up:ip', { limit: 100000, blockDurationSeconds: 0 });
    await auth.setRateLimit('sign-in:ip', { limit: 100000, blockDurationSeconds: 0 });
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('checks at most the per-account budget of 1,000 guesses, counts each towards the lockout and alerts the owner', async () => {
    const victim = await newSignedInUser(auth, 'mfa-victim');
    const { secret } = await enableTotp(auth, victim);
    const attacker = { ip: freshIp() };

    const answers = await guessSecondFactor(auth, victim, secret, attacker);

    // two-factor-verify:user allows 5 second-factor requests per account in 5 minutes, then blocks
    // for 15: whatever challenge they come with.
    const checked = await codesChecked(auth, victim.userId);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(answers.get('401 MFA_CODE_INVALID') ?? 0).toBe(checked);
    expect(answers.get('429 RATE_LIMITED')).toBeGreaterThan(900);
    // Every wrong answer is a failed sign-in of the account, not only a used-up challenge.
    expect(await failuresOf(auth, victim.email)).toBe(checked);

    const events = await auth.query<{ ip_address: string; metadata: { failures: number } }>(
      "SELECT ip_address, metadata FROM security_events WHERE user_id = $1 AND type = 'sign_in.second_factor_failures'",
      [victim.userId],
    );
    expect(events).toEqual([{ ip_address: attacker.ip, metadata: { failures: 5 } }]);
    const alerts = await auth.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM outbox_events WHERE name = 'auth.second-factor-failures.v1' AND payload->>'userId' = $1",
      [victim.userId],
    );
    expect(alerts.map((alert) => alert.payload)).toEqual([
      { userId: victim.userId, failures: 5, ip: attacker.ip, occurredAt: expect.any(String) },
    ]);
  });

  it('refuses a fresh challenge’s requests from the same account as well: the budget is the account’s', async () => {
    const victim = await newSignedInUser(auth, 'mfa-budget');
    await enableTotp(auth, victim);
    const attacker = { ip: freshIp() };
    const statuses: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const signIn = await auth.signIn(victim.email, PASSWORD, attacker);
      if (!signIn.json().mfa) throw new Error(`round ${round}: ${signIn.statusCode} ${signIn.body}`);
      const { challengeToken } = signIn.json().mfa;
      for (let i = 0; i < 2; i += 1) {
        const sent = await auth.call('POST', '/api/v1/auth/mfa/webauthn/options', {
          headers: { 'x-forwarded-for': attacker.ip },
          body: { challengeToken },
        });
        statuses.push(sent.statusCode);
      }
    }
    // The options route counts too (422: not one of this challenge's methods, after counting).
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
  });

  describe('with every rate limit relaxed', () => {
    const RULES = ['two-factor-verify:user', 'two-factor-verify:ip', 'sign-in:identifier'];

    beforeAll(async () => {
      for (const key of RULES) await auth.setRateLimit(key, { limit: 100000, blockDurationSeconds: 0 });
    });

    afterAll(async () => {
      await auth.setRateLimit('two-factor-verify:user', { limit: 5, blockDurationSeconds: 900 });
      await auth.setRateLimit('two-factor-verify:ip', { limit: 30, blockDurationSeconds: 900 });
      await auth.setRateLimit('sign-in:identifier', { limit: 5, blockDurationSeconds: 900 });
    });

    it('still stops the guesses at the account lockout (SIGN_IN_LOCKOUT_AFTER_FAILURES)', async () => {
      const victim = await newSignedInUser(auth, 'mfa-lockout');
      const { secret } = await enableTotp(auth, victim);
      const answers = await guessSecondFactor(auth, victim, secret, { ip: freshIp() });

      // The default policy locks for 15 minutes at the 10th consecutive failure: no new challenge
      // after it; the one open then may use up the rest of its MFA_MAX_ATTEMPTS (5).
      const checked = await codesChecked(auth, victim.userId);
      expect(checked).toBeGreaterThanOrEqual(10);
      expect(checked).toBeLessThanOrEqual(14);
      expect(await failuresOf(auth, victim.email)).toBe(checked);
      expect(answers.get('423 ACCOUNT_LOCKED')).toBeGreaterThan(900);
      // Alerts at every 5th wrong answer in a row (MFA_MAX_ATTEMPTS).
      const alerts = await auth.query(
        "SELECT payload FROM outbox_events WHERE name = 'auth.second-factor-failures.v1' AND payload->>'userId' = $1",
        [victim.userId],
      );
      expect(alerts).toHaveLength(2);
    });
  });
});
