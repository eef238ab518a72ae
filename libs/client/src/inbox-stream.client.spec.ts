import { answerJson, LoopbackServer, startLoopbackServer } from '@orion/testing';
import type { ServerResponse } from 'node:http';
import { OrionProblemError } from './client.errors';
import type { InboxItem } from './client.types';
import type { InboxStream } from './inbox-stream.client';
import { createOrionClient } from './orion.client';
import { memoryTokenStore } from './token.store';

let sequence = 0;
function item(title: string): InboxItem {
  sequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    title,
    body: `${title} body`,
    category: 'ACCOUNT',
    payload: {},
    priority: 'normal',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
    readAt: null,
    archivedAt: null,
  };
}

const event = (sent: InboxItem) => `id: ${sent.id}\nevent: notification\ndata: ${JSON.stringify(sent)}\n\n`;

/** The notification service's inbox, as far as the stream, its replay and the list go. */
class FakeInbox {
  readonly items: InboxItem[] = [];
  readonly streams = new Set<ServerResponse>();
  /** Last-Event-ID of every stream request, in order. */
  readonly resumedFrom: (string | undefined)[] = [];
  /** How many times the inbox was listed. */
  listed = 0;
  /** The next resumed streams answer `resync` instead of replaying, as for an id too far back. */
  forgetful = false;
  /** Problems answered to the next stream requests instead of a stream. */
  readonly refusals: { status: number; code: string }[] = [];
  /** Sent on the next stream before `: connected`, as items published while it subscribes are. */
  readonly beforeConnected: InboxItem[] = [];
  server!: LoopbackServer;

  async start() {
    this.server = await startLoopbackServer((request, _body, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/api/v1/inbox') return this.page(url, response);
      this.resumedFrom.push(request.headers['last-event-id'] as string | undefined);
      const refusal = this.refusals.shift();
      if (refusal) return answerJson(response, refusal.status, refusal, { 'retry-after': '0' });
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      this.streams.add(response);
      response.on('close', () => this.streams.delete(response));
      for (const early of this.beforeConnected.splice(0)) response.write(event(early));
      response.write('retry: 3000\n: connected\n\n');
      const after = request.headers['last-event-id'];
      if (after === undefined) return;
      const from = this.items.findIndex((stored) => stored.id === after);
      if (this.forgetful || from < 0) response.write('event: resync\ndata: {"reason":"unknown-id"}\n\n');
      else for (const missed of this.items.slice(from + 1)) response.write(event(missed));
    });
    return this;
  }

  /** Newest first, two per page, as GET /inbox pages. */
  private page(url: URL, response: ServerResponse) {
    this.listed += 1;
    const newestFirst = [...this.items].reverse();
    const from = Number(url.searchParams.get('cursor') ?? 0);
    const items = newestFirst.slice(from, from + 2);
    const nextCursor = from + 2 < newestFirst.length ? String(from + 2) : null;
    answerJson(response, 200, { items, nextCursor });
  }

  /** Stores the item and sends it to the open streams, split into pieces to test the parser. */
  add(created: InboxItem, { live = true } = {}) {
    this.items.push(created);
    if (!live) return;
    const text = event(created);
    const middle = Math.floor(text.length / 2);
    for (const stream of this.streams) {
      stream.write(': heartbeat\n\n');
      stream.write(text.slice(0, middle));
      stream.write(text.slice(middle));
    }
  }

  end(reason: string) {
    for (const stream of this.streams) stream.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
  }

  dropAll() {
    for (const stream of this.streams) stream.destroy();
  }
}

describe('the inbox stream', () => {
  let inbox: FakeInbox;
  let connections: number;
  const delays: number[] = [];
  const opened: InboxStream[] = [];
  const openStream = (lastEventId?: string) => {
    const { url } = inbox.server;
    const session = {
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      sessionId: 's',
      accessTokenExpiresAt: Date.now() + 600_000,
      refreshTokenExpiresAt: '2030-01-01T00:00:00.000Z',
    };
    const client = createOrionClient({
      authUrl: url,
      userUrl: url,
      notificationUrl: url,
      tokenStore: memoryTokenStore(session),
    });
    const stream = client.inbox.stream({
      ...(lastEventId && { lastEventId }),
      reconnectDelayMs: 5,
      onConnect: () => (connections += 1),
      onReconnect: ({ delayMs }) => delays.push(delayMs),
    });
    opened.push(stream);
    return stream;
  };
  const connected = async (count: number) => {
    while (connections < count || inbox.streams.size === 0) await new Promise((r) => setImmediate(r));
  };

  beforeEach(async () => {
    inbox = await new FakeInbox().start();
    connections = 0;
    delays.length = 0;
  });
  afterEach(async () => {
    for (const stream of opened.splice(0)) stream.close();
    await inbox.server.stop();
  });

  it('delivers items split across chunks and skips heartbeats', async () => {
    const stream = openStream();
    const received = stream[Symbol.asyncIterator]();
    const first = item('first');
    const next = received.next();
    await connected(1);
    inbox.add(first);
    expect((await next).value).toEqual(first);
    expect(stream.lastEventId).toBe(first.id);
    stream.close();
    expect((await received.next()).done).toBe(true);
  });

  it('reconnects with Last-Event-ID and delivers what the service replays, once, without listing', async () => {
    const before = item('before');
    const stream = openStream();
    const received = stream[Symbol.asyncIterator]();
    let next = received.next();
    await connected(1);
    inbox.add(before);
    expect((await next).value).toEqual(before);

    inbox.dropAll();
    const whileAway = [item('away-1'), item('away-2'), item('away-3')];
    for (const missed of whileAway) inbox.add(missed, { live: false });
    // The newest also reaches the new stream before the replay: it must not arrive twice.
    inbox.beforeConnected.push(whileAway[2]!);
    next = received.next();
    const afterwards = item('after');
    const got = [(await next).value];
    got.push((await received.next()).value, (await received.next()).value);
    await connected(2);
    inbox.add(afterwards);
    got.push((await received.next()).value);

    expect(got.map((i: InboxItem) => i.title)).toEqual(['away-3', 'away-1', 'away-2', 'after']);
    expect(inbox.resumedFrom).toEqual([undefined, before.id]);
    expect(inbox.listed).toBe(0);
    stream.close();
  });

  it('lists the inbox back to the last item when the service answers resync', async () => {
    const before = item('before');
    const stream = openStream();
    const received = stream[Symbol.asyncIterator]();
    let next = received.next();
    await connected(1);
    inbox.add(before);
    expect((await next).value).toEqual(before);

    inbox.forgetful = true;
    inbox.dropAll();
    const whileAway = [item('away-1'), item('away-2'), item('away-3')];
    for (const missed of whileAway) inbox.add(missed, { live: false });
    next = received.next();
    const got = [(await next).value, (await received.next()).value, (await received.next()).value];
    await connected(2);
    inbox.add(item('after'));
    got.push((await received.next()).value);

    expect(got.map((i: InboxItem) => i.title)).toEqual(['away-1', 'away-2', 'away-3', 'after']);
    expect(inbox.resumedFrom).toEqual([undefined, before.id]);
    expect(inbox.listed).toBe(2);
    stream.close();
  });

  it('starts from a given lastEventId, and ends quietly when the server ends it for the stream limit', async () => {
    const seen = item('seen');
    inbox.items.push(seen);
    const missed = item('missed');
    inbox.items.push(missed);
    const stream = openStream(seen.id);
    const received = stream[Symbol.asyncIterator]();
    expect((await received.next()).value).toEqual(missed);
    const done = received.next();
    await connected(1);
    inbox.end('stream-limit');
    expect((await done).done).toBe(true);
    expect(inbox.resumedFrom).toEqual([seen.id]);
  });

  it('backs off on 503 and stops for good on a refused token', async () => {
    inbox.refusals.push(
      { status: 503, code: 'SERVICE_UNAVAILABLE' },
      { status: 503, code: 'SERVICE_UNAVAILABLE' },
      { status: 401, code: 'TOKEN_REVOKED' },
    );
    const stream = openStream();
    const error = await stream[Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrionProblemError);
    expect(error).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
    expect(delays).toEqual([5, 10]);
    expect(inbox.resumedFrom).toHaveLength(3);
  });
});
