import { randomBytes } from 'node:crypto';
import { DEFAULT_NAMESPACE, eventually, waitForSubscribers } from '@orion/testing';
import Redis from 'ioredis';
import type { StandInAnswer } from './fixtures/transport-stand-in';
import { runningChildPids, StandIn, startStandIn } from './harness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FIXTURE = 'test/e2e/fixtures/transport-stand-in.ts';
const CALL_PATH = '/api/v1/stand-in/calls';
const TIMEOUT_MS = 500;
const RETRIES = 1;
// Failing fast, not a benchmark: every attempt timing out, the backoff, and generous slack.
const FAIL_FAST_BOUND_MS = TIMEOUT_MS * (RETRIES + 1) + 2500;

// A pattern unique to this run, so runs sharing one Redis never answer each other.
const PATTERN = `user.stand-in-${randomBytes(4).toString('hex')}.echo.v1`;

type LogLine = Record<string, unknown>;

describe('service-to-service calls between real processes', () => {
  let redis: Redis;
  let peer: StandIn | undefined;
  let caller: StandIn | undefined;

  const standIn = (service: 'user' | 'auth') =>
    startStandIn({
      service,
      fixture: FIXTURE,
      redisUrl: REDIS_URL,
      env: {
        STAND_IN_SERVICE: service,
        STAND_IN_PATTERN: PATTERN,
        SERVICE_CALL_TIMEOUT_MS: String(TIMEOUT_MS),
        SERVICE_CALL_RETRIES: String(RETRIES),
      },
    });

  /** Processes subscribed to the command's channel: a frozen peer still counts, a dead one not. */
  const subscribers = async () => {
    const [, count] = (await redis.pubsub('NUMSUB', DEFAULT_NAMESPACE.commandChannel(PATTERN))) as [
      string,
      number,
    ];
    return Number(count);
  };
  // Ready over HTTP comes before the transport subscribes.
  const peerListening = () =>
    waitForSubscribers(redis, DEFAULT_NAMESPACE.commandChannel(PATTERN), { timeoutMs: 10_000 });

  const call = async (text: string, requestId?: string) => {
    const started = performance.now();
    const response = await fetch(`${caller!.handle.baseUrl}${CALL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(requestId && { 'x-request-id': requestId }) },
      body: JSON.stringify({ text }),
      signal: AbortSignal.timeout(FAIL_FAST_BOUND_MS * 3),
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as StandInAnswer & Record<string, unknown>,
      elapsedMs: performance.now() - started,
    };
  };

  const expectPeerUnavailable = (result: Awaited<ReturnType<typeof call>>) => {
    expect(result.status).toBe(503);
    expect(result.type).toContain('application/problem+json');
    expect(result.body).toMatchObject({
      code: 'PEER_UNAVAILABLE',
      status: 503,
      peer: 'user',
      pattern: PATTERN,
    });
    expect(result.elapsedMs).toBeLessThan(FAIL_FAST_BOUND_MS);
  };

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    peer = await standIn('user');
    caller = await standIn('auth');
    await peerListening();
  });

  afterAll(async () => {
    const stops = await Promise.allSettled([caller?.stop(), peer?.stop()]);
    await redis?.quit();
    expect(stops.filter((s) => s.status === 'rejected')).toEqual([]);
    expect(runningChildPids()).toEqual([]);
  });

  it('follows one request id from the caller’s access log to the peer’s handler and transport lines', async () => {
    const requestId = `journey-${randomBytes(6).toString('hex')}`;
    const result = await call('hello', requestId);
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ echoed: 'hello', requestId, pid: peer!.handle.pid });

    const ofRequest = (lines: LogLine[]) => lines.filter((line) => line.requestId === requestId);
    const access = await eventually(
      () => ofRequest(caller!.handle.logEntries()).find((line) => line.res !== undefined),
      'the caller’s access log line',
      { timeoutMs: 10_000 },
    );
    expect(access).toMatchObject({
      service: 'auth',
      req: { method: 'POST', url: CALL_PATH },
      res: expect.objectContaining({ statusCode: 201 }),
    });
    const peerLines = await eventually(
      () => {
        const lines = ofRequest(peer!.handle.logEntries());
        return lines.some((line) => line.msg === 'message handled') ? lines : undefined;
      },
      'the peer’s lines',
      { timeoutMs: 10_000 },
    );
    expect(peerLines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'user', context: 'StandInHandlers', msg: 'handling hello' }),
        expect.objectContaining({
          service: 'user',
          msg: 'message handled',
          outcome: 'ok',
          from: 'auth',
          pattern: PATTERN,
        }),
      ]),
    );
  });

  it('answers 503 PEER_UNAVAILABLE in time once the peer is killed, and recovers when it is back', async () => {
    const callerPid = caller!.handle.pid;
    const firstPeerPid = peer!.handle.pid;
    expect(await peer!.handle.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });

    expectPeerUnavailable(await call('while-dead'));

    await peer!.handle.start();
    await peerListening();
    const back = await call('after-restart');
    expect(back.status).toBe(201);
    expect(back.body.pid).toBe(peer!.handle.pid);
    expect(back.body.pid).not.toBe(firstPeerPid);
    // The caller was never restarted: its client found the new peer by itself.
    expect(caller!.handle.pid).toBe(callerPid);
    expect(caller!.handle.running).toBe(true);
  });

  it('answers 503 PEER_UNAVAILABLE in time while the peer is frozen, and the thawed peer answers again', async () => {
    await peer!.handle.kill('SIGSTOP');
    try {
      // Still subscribed: the message reaches the peer, which cannot answer it.
      expect(await subscribers()).toBeGreaterThan(0);
      expectPeerUnavailable(await call('while-frozen'));
    } finally {
      await peer!.handle.kill('SIGCONT');
    }
    const thawed = await call('after-thaw');
    expect(thawed.status).toBe(201);
    expect(thawed.body).toMatchObject({ echoed: 'after-thaw', pid: peer!.handle.pid });
  });
});
