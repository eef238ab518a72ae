import { answerJson, eventually, LoopbackServer, startLoopbackServer } from '@orion/testing';
import { OrionProblemError, OrionSessionEndedError } from './client.errors';
import { createOrionClient } from './orion.client';
import { memoryTokenStore, OrionSession } from './token.store';

const ME = '/api/v1/users/me';
const expired = (detail = 'The access token has expired') => ({ status: 401, code: 'TOKEN_EXPIRED', detail });

/** A stand-in for the auth and user services: one valid access token at a time, rotating refresh. */
class FakeOrion {
  generation = 1;
  /** Whether access-<generation> is still accepted; expire() plays its expiry. */
  accessValid = true;
  readonly refreshesPresented: string[] = [];
  readonly bearers: string[] = [];
  /** How the next refresh is answered; rotation by default. */
  refreshAnswer: 'rotate' | 'reused' | 'hang-up' = 'rotate';
  /** Refreshes wait for this, so concurrent calls really overlap. */
  refreshGate: Promise<void> = Promise.resolve();
  /** The next call to ME waits for this before it is judged. */
  holdNextCall: Promise<void> | undefined;
  server!: LoopbackServer;

  access = (generation = this.generation) => `access-${generation}`;
  refresh = (generation = this.generation) => `refresh-${generation}`;
  expire = () => (this.accessValid = false);

  async start() {
    this.server = await startLoopbackServer(async (request, body, response) => {
      if (request.url === '/api/v1/auth/token/refresh') {
        const { refreshToken } = JSON.parse(body) as { refreshToken: string };
        this.refreshesPresented.push(refreshToken);
        await this.refreshGate;
        if (this.refreshAnswer === 'hang-up') return response.destroy();
        if (this.refreshAnswer === 'reused' || refreshToken !== this.refresh()) {
          return answerJson(response, 401, { status: 401, code: 'REFRESH_TOKEN_REUSED' });
        }
        this.generation += 1;
        this.accessValid = true;
        return answerJson(response, 200, this.pair());
      }
      const bearer = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      this.bearers.push(bearer || `x-api-key:${String(request.headers['x-api-key'])}`);
      const hold = this.holdNextCall;
      this.holdNextCall = undefined;
      await hold;
      if (bearer === this.access() && this.accessValid) return answerJson(response, 200, { id: 'user-1' });
      return answerJson(response, 401, expired(), { 'x-request-id': 'req-1' });
    });
    return this;
  }

  pair() {
    return {
      accessToken: this.access(),
      refreshToken: this.refresh(),
      sessionId: 'session-1',
      expiresIn: 600,
      refreshExpiresAt: '2030-01-01T00:00:00.000Z',
      tokenType: 'Bearer',
    };
  }

  /** The session the client holds, its access token expiring at `expiresAt` by the client's clock. */
  session(expiresAt: number): OrionSession {
    return {
      accessToken: this.access(),
      refreshToken: this.refresh(),
      sessionId: 'session-1',
      accessTokenExpiresAt: expiresAt,
      refreshTokenExpiresAt: '2030-01-01T00:00:00.000Z',
    };
  }
}

function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('refresh with rotating refresh tokens', () => {
  let orion: FakeOrion;
  let clock: number;
  const clientWith = (session: OrionSession | undefined, extra: { apiKey?: string } = {}) => {
    const tokenStore = memoryTokenStore(session);
    const { url } = orion.server;
    const client = createOrionClient({
      authUrl: url,
      userUrl: url,
      notificationUrl: url,
      tokenStore,
      now: () => clock,
      ...extra,
    });
    return { client, tokenStore };
  };

  beforeEach(async () => {
    clock = 1_000_000;
    orion = await new FakeOrion().start();
  });
  afterEach(() => orion.server.stop());

  it('concurrent calls answered TOKEN_EXPIRED share one refresh and are retried with the new token', async () => {
    // The client believes its token is fresh; the server says it expired.
    const { client, tokenStore } = clientWith(orion.session(clock + 600_000));
    orion.expire();
    // Hold the refresh until all three calls have been refused, so they overlap for sure.
    const refreshed = gate();
    orion.refreshGate = refreshed.promise;
    const calls = [1, 2, 3].map(() => client.user.GET(ME));
    await eventually(
      () => orion.refreshesPresented.length === 1 && orion.bearers.length === 3,
      'the refresh and three bearer requests',
      { intervalMs: 1 },
    );
    refreshed.open();

    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.data)).toEqual([{ id: 'user-1' }, { id: 'user-1' }, { id: 'user-1' }]);
    expect(orion.refreshesPresented).toEqual(['refresh-1']);
    expect(orion.bearers.filter((b) => b === 'access-2')).toHaveLength(3);
    expect((await tokenStore.get())?.refreshToken).toBe('refresh-2');
  });

  it('refreshes once before sending when the access token is about to expire', async () => {
    const { client } = clientWith(orion.session(clock + 10_000));
    const answers = await Promise.all([client.user.GET(ME), client.user.GET(ME)]);
    expect(answers.map((a) => a.response.status)).toEqual([200, 200]);
    expect(orion.refreshesPresented).toEqual(['refresh-1']);
    expect(orion.bearers).toEqual(['access-2', 'access-2']);
  });

  it('a refusal arriving after the refresh finished is retried with the new token, not refreshed again', async () => {
    const { client } = clientWith(orion.session(clock + 600_000));
    const answerLate = gate();
    orion.holdNextCall = answerLate.promise;
    const late = client.user.GET(ME);
    await eventually(() => orion.bearers.length === 1, 'the first bearer request', { intervalMs: 1 });
    orion.expire();
    // Another call is refused and refreshes while the first is still waiting for its answer.
    const other = await client.user.GET(ME);
    expect(orion.refreshesPresented).toEqual(['refresh-1']);
    answerLate.open();
    expect([(await late).response.status, other.response.status]).toEqual([200, 200]);
    expect(orion.refreshesPresented).toEqual(['refresh-1']);
    expect(orion.bearers).toEqual(['access-1', 'access-1', 'access-2', 'access-2']);
  });

  it('a refresh answered as reuse clears the session and fails every waiting call with a typed error', async () => {
    orion.refreshAnswer = 'reused';
    const { client, tokenStore } = clientWith(orion.session(clock + 600_000));
    orion.expire();
    const results = await Promise.allSettled([client.user.GET(ME), client.user.GET(ME)]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(OrionSessionEndedError);
      expect(error).toMatchObject({ status: 401, code: 'REFRESH_TOKEN_REUSED' });
    }
    expect(orion.refreshesPresented).toEqual(['refresh-1']);
    expect(await tokenStore.get()).toBeUndefined();
  });

  it('a refresh that got no answer is never presented again', async () => {
    orion.refreshAnswer = 'hang-up';
    const { client, tokenStore } = clientWith(orion.session(clock + 10_000));
    await expect(client.user.GET(ME)).rejects.toThrow();
    expect(await tokenStore.get()).toBeDefined();
    orion.refreshAnswer = 'rotate';
    await expect(client.user.GET(ME)).rejects.toBeInstanceOf(OrionSessionEndedError);
    expect(orion.refreshesPresented).toEqual(['refresh-1']);
    expect(await tokenStore.get()).toBeUndefined();
  });

  it('with an API key sends X-API-Key, no bearer, and never refreshes', async () => {
    const { client } = clientWith(orion.session(clock - 1), { apiKey: 'ork_test' });
    orion.expire();
    const error = await client.user.GET(ME).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrionProblemError);
    expect(error).toMatchObject({ status: 401, code: 'TOKEN_EXPIRED', requestId: 'req-1' });
    expect(orion.bearers).toEqual(['x-api-key:ork_test']);
    expect(orion.refreshesPresented).toEqual([]);
  });
});
