import { randomUUID } from 'node:crypto';
import { REDIS_CLIENT } from '@orion/core';
import { eventually } from '@orion/testing';
import type Redis from 'ioredis';
import { InboxStreamService } from '../src/inbox/inbox-stream.service';
import { deliverInApp, openInboxStream } from './support/inbox-streams';
import { SseClient } from './support/sse-client';
import { NotificationServiceUnderTest } from './support/notification-service';

/** Streams are read over real HTTP connections to the listening port. */
describe('inbox stream (server-sent events)', () => {
  let first: NotificationServiceUnderTest;
  let replica: NotificationServiceUnderTest;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    first = await NotificationServiceUnderTest.start({ INBOX_STREAM_HEARTBEAT_MS: '100' });
    // Another instance (its own database: the stream only needs the shared Redis).
    replica = await NotificationServiceUnderTest.start(
      { INBOX_STREAM_HEARTBEAT_MS: '100' },
      { users: first.users },
    );
  });

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.stop();
  });

  afterAll(async () => {
    await replica?.stop();
    await first?.stop();
  });

  async function open(service: NotificationServiceUnderTest, userId: string): Promise<SseClient> {
    const stream = await openInboxStream(service, userId);
    streams.push(stream);
    return stream;
  }

  const deliver = deliverInApp;

  it('sends a new item to the recipient as a notification event', async () => {
    const me = randomUUID();
    const stream = await open(first, me);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toContain('text/event-stream');
    const id = await deliver(first, me, 'Your export is ready');
    const event = await stream.next((block) => block.event === 'notification');
    expect(event.id).toBe(id);
    expect(JSON.parse(event.data ?? '')).toMatchObject({
      id,
      title: 'Your export is ready',
      body: 'A body',
      readAt: null,
    });
  });

  it('reaches a stream held by another instance of the service', async () => {
    const me = randomUUID();
    const stream = await open(replica, me);
    const id = await deliver(first, me, 'From the other instance');
    expect((await stream.next((block) => block.event === 'notification')).id).toBe(id);
  });

  it("never sends one user's items to another user's stream", async () => {
    const me = randomUUID();
    const other = randomUUID();
    const mine = await open(first, me);
    const theirs = await open(replica, other);
    const myItem = await deliver(first, me, 'Mine');
    await mine.next((block) => block.id === myItem);
    const theirItem = await deliver(first, other, 'Theirs');
    // Published after mine on the same connection: had mine reached their stream, it would be there by now.
    await theirs.next((block) => block.id === theirItem);
    expect(theirs.events('notification').map((e) => e.id)).toEqual([theirItem]);
    expect(mine.events('notification').map((e) => e.id)).toEqual([myItem]);
  });

  it('shows a notification sent through the API on the stream and then in the inbox', async () => {
    const recipient = NotificationServiceUnderTest.user.id;
    const stream = await open(replica, recipient);
    const sent = await first.call('POST', '/api/v1/notifications', {
      as: NotificationServiceUnderTest.admin.id,
      body: {
        recipient: { userId: recipient },
        channels: ['IN_APP'],
        category: 'ACCOUNT',
        content: { title: 'Welcome', text: 'Your account is ready.', payload: { url: '/start' } },
      },
    });
    expect(sent.statusCode).toBe(202);
    const [notification] = sent.json<{ notifications: Array<{ id: string }> }>().notifications;
    const event = await stream.next((block) => block.id === notification.id);
    expect(JSON.parse(event.data ?? '')).toMatchObject({
      title: 'Welcome',
      body: 'Your account is ready.',
      category: 'ACCOUNT',
      payload: { url: '/start' },
    });
    await first.waitForStatus(notification.id, ['DELIVERED']);
    const [attempt] = await first.query('SELECT provider FROM delivery_attempts WHERE notification_id = $1', [
      notification.id,
    ]);
    expect(attempt).toEqual({ provider: 'inbox' });
    const unread = await first.call('GET', '/api/v1/inbox', { as: recipient, query: { view: 'unread' } });
    expect(unread.json<{ items: Array<{ id: string }> }>().items.map((i) => i.id)).toContain(notification.id);
  });

  it('keeps an idle stream alive with heartbeat comments', async () => {
    const stream = await open(first, randomUUID());
    await expect(stream.next((block) => block.comments.includes('heartbeat'))).resolves.toBeDefined();
  });

  it('answers 401 without an access token and opens no stream', async () => {
    const stream = await SseClient.open(`${first.baseUrl}/api/v1/inbox/stream`);
    streams.push(stream);
    expect(stream.response.statusCode).toBe(401);
    expect(stream.response.headers['content-type']).toContain('application/problem+json');
  });

  it('lets go of the subscription when the client disconnects', async () => {
    const me = randomUUID();
    const redis = first.app.get<Redis>(REDIS_CLIENT);
    const subscribers = async () =>
      ((await redis.pubsub('NUMSUB', first.namespace.channel('inbox', me))) as [string, number])[1];
    const stream = await open(first, me);
    expect(await subscribers()).toBe(1);
    stream.stop();
    await eventually(async () => (await subscribers()) === 0, 'the subscription to end', {
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    expect(await subscribers()).toBe(0);
    expect(first.app.get(InboxStreamService).connections).toBe(0);
  });
});
