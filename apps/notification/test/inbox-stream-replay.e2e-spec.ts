import { randomUUID } from 'node:crypto';
import { InboxLogStore } from '../src/inbox/inbox-log.store';
import { deliverInApp, openInboxStream } from './support/inbox-streams';
import { NotificationServiceUnderTest } from './support/notification-service';
import type { SseClient } from './support/sse-client';

const REPLAY_MAX = 3;

/** A stream reopened with Last-Event-ID first sends what the client missed, then live items. */
describe('inbox stream replay (Last-Event-ID)', () => {
  let service: NotificationServiceUnderTest;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start({ INBOX_STREAM_REPLAY_MAX: String(REPLAY_MAX) });
  });

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.stop();
  });

  afterAll(() => service?.stop());

  async function open(userId: string, lastEventId?: string): Promise<SseClient> {
    const stream = await openInboxStream(
      service,
      userId,
      lastEventId ? { 'last-event-id': lastEventId } : {},
    );
    streams.push(stream);
    return stream;
  }

  const deliver = (userId: string, title: string) => deliverInApp(service, userId, title);

  /** The ids of the notification events received so far, once `last` has arrived. */
  async function idsThrough(stream: SseClient, last: string): Promise<string[]> {
    await stream.next((block) => block.event === 'notification' && block.id === last);
    return stream.events('notification').map((event) => event.id!);
  }

  it('sends exactly the items missed since Last-Event-ID, oldest first, then live ones', async () => {
    const me = randomUUID();
    const first = await open(me);
    const seen = await deliver(me, 'Seen');
    await first.next((block) => block.id === seen);
    first.stop();
    const missed = [await deliver(me, 'Missed 1'), await deliver(me, 'Missed 2')];

    const resumed = await open(me, seen);
    const live = await deliver(me, 'Live');
    expect(await idsThrough(resumed, live)).toEqual([...missed, live]);
    expect(JSON.parse(resumed.events('notification')[0]!.data ?? '')).toMatchObject({ title: 'Missed 1' });
    expect(resumed.events('resync')).toEqual([]);
  });

  it('sends an item delivered while the replay is being read exactly once, in its place', async () => {
    const me = randomUUID();
    const seen = await deliver(me, 'Seen');
    const missed = await deliver(me, 'Missed');
    const log = service.app.get(InboxLogStore);
    const read = log.after.bind(log);
    const during: string[] = [];
    // The stream is subscribed by now: one item lands before the log is read (in the replay and
    // live), one after it (live only, while the stream still holds live items back).
    jest.spyOn(log, 'after').mockImplementationOnce(async (userId, itemId) => {
      during.push(await deliver(me, 'Before the read'));
      const replayed = await read(userId, itemId);
      during.push(await deliver(me, 'After the read'));
      return replayed;
    });

    const resumed = await open(me, seen);
    const live = await deliver(me, 'Live');
    expect(await idsThrough(resumed, live)).toEqual([missed, ...during, live]);
  });

  it.each([
    ['another user’s item id', 'foreign'],
    ['an unknown id', randomUUID()],
    ['an id that is not an item id', 'not-an-id'],
  ])('answers %s with resync and live items only, never another user’s', async (_case, given) => {
    const me = randomUUID();
    const other = randomUUID();
    await deliver(me, 'Mine, earlier');
    const theirs = await deliver(other, 'Theirs');
    await deliver(other, 'Theirs, later');

    const stream = await open(me, given === 'foreign' ? theirs : given);
    expect(JSON.parse((await stream.next((block) => block.event === 'resync')).data ?? '')).toEqual({
      reason: 'unknown-id',
    });
    const live = await deliver(me, 'Mine, live');
    expect(await idsThrough(stream, live)).toEqual([live]);
  });

  it(`sends resync instead of a replay when more than ${REPLAY_MAX} items were missed`, async () => {
    const me = randomUUID();
    const seen = await deliver(me, 'Seen');
    const missed: string[] = [];
    for (let i = 0; i <= REPLAY_MAX; i += 1) missed.push(await deliver(me, `Missed ${i}`));

    const behind = await open(me, seen);
    await behind.next((block) => block.event === 'resync');
    const live = await deliver(me, 'Live');
    expect(await idsThrough(behind, live)).toEqual([live]);
    // Exactly the bound behind (two missed and the live one since) still replays.
    const within = await open(me, missed[1]);
    const next = await deliver(me, 'Next');
    expect(await idsThrough(within, next)).toEqual([...missed.slice(2), live, next]);
    expect(within.events('resync')).toEqual([]);
  });
});
