import { randomUUID } from 'node:crypto';
import { revokeAccessToken, revokeUserTokensBefore } from '@orion/security';
import { SseClient } from './support/sse-client';
import { NotificationServiceUnderTest } from './support/notification-service';

/** A stream lives no longer than its token, and a user holds a bounded number of them. */
describe('inbox stream lifetime', () => {
  let service: NotificationServiceUnderTest;
  const streams: SseClient[] = [];
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start({
      INBOX_STREAM_HEARTBEAT_MS: '100',
      INBOX_STREAM_MAX_PER_USER: '2',
    });
  });

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.stop();
  });

  afterAll(() => service?.stop());

  async function open(token: string): Promise<SseClient> {
    const stream = await SseClient.open(`${service.baseUrl}/api/v1/inbox/stream`, {
      authorization: `Bearer ${token}`,
    });
    streams.push(stream);
    expect(stream.response.statusCode).toBe(200);
    await stream.next((block) => block.comments.includes('connected'));
    return stream;
  }

  /** Resolves with the reason of the final `end` event once the server has closed the stream. */
  function endedBy(stream: SseClient, deadlineMs = 8000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the stream is still open')), deadlineMs);
      stream.response.once('end', () => {
        clearTimeout(timer);
        const last = stream.events('end').at(-1);
        resolve(last ? (JSON.parse(last.data ?? '{}') as { reason: string }).reason : 'no end event');
      });
    });
  }

  it('ends by itself when the access token that opened it expires', async () => {
    const issuedAt = nowSeconds();
    // exp two seconds away: the close timer comes from exp, nothing in the test waits on a clock.
    const token = await service.users.jwks.sign({ userId: randomUUID(), issuedAt, expiresAt: issuedAt + 2 });
    const stream = await open(token);
    expect(await endedBy(stream)).toBe('token-expired');
  });

  it('ends when its token is revoked', async () => {
    const tokenId = randomUUID();
    const expiresAt = nowSeconds() + 300;
    const token = await service.users.jwks.sign({ userId: randomUUID(), tokenId, expiresAt });
    const stream = await open(token);
    await revokeAccessToken(service.redis, service.namespace, tokenId, expiresAt);
    expect(await endedBy(stream)).toBe('token-revoked');
  });

  it("ends when all the user's tokens are revoked (sign-out everywhere)", async () => {
    const userId = randomUUID();
    const stream = await open(await service.users.jwks.sign({ userId, issuedAt: nowSeconds() - 5 }));
    await revokeUserTokensBefore(service.redis, service.namespace, userId, new Date());
    expect(await endedBy(stream)).toBe('token-revoked');
  });

  it('ends the oldest stream when a user opens more than the limit, and keeps the newest', async () => {
    const userId = randomUUID();
    const oldest = await open(await service.users.jwks.sign({ userId }));
    const ended = endedBy(oldest);
    const second = await open(await service.users.jwks.sign({ userId }));
    const third = await open(await service.users.jwks.sign({ userId }));
    expect(await ended).toBe('stream-limit');
    // The two newest still stream: each keeps receiving heartbeats.
    const beats = (stream: SseClient) => stream.blocks.filter((b) => b.comments.includes('heartbeat')).length;
    const before = [beats(second), beats(third)];
    await second.next(() => beats(second) > before[0]!);
    await third.next(() => beats(third) > before[1]!);
    expect(second.response.complete).toBe(false);
    expect(third.response.complete).toBe(false);
    // Another user's streams are counted apart.
    const other = await open(await service.users.jwks.sign({ userId: randomUUID() }));
    expect(other.response.complete).toBe(false);
  });
});
