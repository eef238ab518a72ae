import { randomUUID } from 'node:crypto';
import { ChannelDispatcherService } from '../src/channels/channel-dispatcher.service';
import type { AttemptReport } from '../src/channels/channel-provider';
import { insertInboxRow } from './support/inbox-fixtures';
import { NotificationServiceUnderTest } from './support/notification-service';

describe('inbox (HTTP)', () => {
  let service: NotificationServiceUnderTest;

  beforeAll(async () => {
    service = await NotificationServiceUnderTest.start();
  });

  afterAll(async () => {
    await service?.stop();
  });

  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const ids = (body: string) => (JSON.parse(body) as { items: Array<{ id: string }> }).items.map((i) => i.id);

  describe('views', () => {
    const me = randomUUID();
    const someoneElse = randomUUID();
    let unread: string, read: string, archived: string;

    beforeAll(async () => {
      const q = service.query.bind(service);
      unread = await insertInboxRow(q, me, { createdAt: minutesAgo(1), payload: { url: '/billing' } });
      read = await insertInboxRow(q, me, { createdAt: minutesAgo(2), readAt: minutesAgo(1) });
      archived = await insertInboxRow(q, me, { createdAt: minutesAgo(3), archivedAt: minutesAgo(1) });
      // Not (yet) in the inbox: still on its way, another channel, another user.
      await insertInboxRow(q, me, { status: 'SCHEDULED' });
      await insertInboxRow(q, me, { channel: 'EMAIL' });
      await insertInboxRow(q, someoneElse, {});
    });

    it.each([
      ['unread', () => [unread]],
      ['read', () => [read]],
      ['archived', () => [archived]],
      ['all', () => [unread, read, archived]],
    ])('?view=%s lists the matching items of the caller, newest first', async (view, expected) => {
      const response = await service.call('GET', '/api/v1/inbox', { as: me, query: { view } });
      expect(response.statusCode).toBe(200);
      expect(ids(response.body)).toEqual(expected());
    });

    it('shows an item with its title, body, payload and priority', async () => {
      const response = await service.call('GET', '/api/v1/inbox', { as: me, query: { view: 'unread' } });
      expect(JSON.parse(response.body).items[0]).toEqual({
        id: unread,
        title: 'A title',
        body: 'A body',
        category: 'ACCOUNT',
        payload: { url: '/billing' },
        priority: 'normal',
        createdAt: expect.any(String),
        readAt: null,
        archivedAt: null,
      });
    });

    it('counts unread items that are not archived', async () => {
      const response = await service.call('GET', '/api/v1/inbox/unread-count', { as: me });
      expect(JSON.parse(response.body)).toEqual({ unread: 1 });
    });

    it('refuses an unknown view with a problem', async () => {
      const response = await service.call('GET', '/api/v1/inbox', { as: me, query: { view: 'starred' } });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });

    it('needs an access token', async () => {
      expect((await service.call('GET', '/api/v1/inbox')).statusCode).toBe(401);
      expect((await service.call('GET', '/api/v1/inbox/unread-count')).statusCode).toBe(401);
    });
  });

  it('pages with cursors, every item once, and rejects a forged cursor', async () => {
    const me = randomUUID();
    const created: string[] = [];
    const sameInstant = minutesAgo(5);
    // Equal creation times: the id breaks the tie, so no item is skipped or repeated.
    for (let i = 0; i < 5; i += 1)
      created.push(await insertInboxRow(service.query.bind(service), me, { createdAt: sameInstant }));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await service.call('GET', '/api/v1/inbox', {
        as: me,
        query: { limit: '2', ...(cursor && { cursor }) },
      });
      const page = JSON.parse(response.body) as { items: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual([...created].sort());
    const forged = await service.call('GET', '/api/v1/inbox', {
      as: me,
      query: { cursor: 'bm90LWEtY3Vyc29y' },
    });
    expect(forged.statusCode).toBe(400);
    expect(JSON.parse(forged.body).code).toBe('INVALID_CURSOR');
  });

  it('marks one item read, keeps the first read time when repeated, and moves it to the read view', async () => {
    const me = randomUUID();
    const id = await insertInboxRow(service.query.bind(service), me);
    const first = await service.call('POST', `/api/v1/inbox/${id}/read`, { as: me });
    expect(first.statusCode).toBe(200);
    const readAt = JSON.parse(first.body).readAt as string;
    expect(readAt).toEqual(expect.any(String));
    const again = await service.call('POST', `/api/v1/inbox/${id}/read`, { as: me });
    expect(JSON.parse(again.body).readAt).toBe(readAt);
    const [row] = await service.query<{ status: string }>('SELECT status FROM notifications WHERE id = $1', [
      id,
    ]);
    expect(row.status).toBe('READ');
    const view = await service.call('GET', '/api/v1/inbox', { as: me, query: { view: 'read' } });
    expect(ids(view.body)).toEqual([id]);
  });

  it('marks every unread item read at once', async () => {
    const me = randomUUID();
    const q = service.query.bind(service);
    await insertInboxRow(q, me);
    await insertInboxRow(q, me, { status: 'SENT' });
    await insertInboxRow(q, me, { archivedAt: new Date() });
    await insertInboxRow(q, me, { readAt: new Date() });
    const other = randomUUID();
    await insertInboxRow(q, other);
    const response = await service.call('POST', '/api/v1/inbox/read-all', { as: me });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ updated: 3 });
    expect(JSON.parse((await service.call('GET', '/api/v1/inbox/unread-count', { as: me })).body)).toEqual({
      unread: 0,
    });
    expect(JSON.parse((await service.call('GET', '/api/v1/inbox/unread-count', { as: other })).body)).toEqual(
      {
        unread: 1,
      },
    );
  });

  it('archives and unarchives an item', async () => {
    const me = randomUUID();
    const id = await insertInboxRow(service.query.bind(service), me);
    const archived = await service.call('POST', `/api/v1/inbox/${id}/archive`, { as: me });
    expect(archived.statusCode).toBe(200);
    const archivedAt = JSON.parse(archived.body).archivedAt as string;
    expect(archivedAt).toEqual(expect.any(String));
    expect(
      JSON.parse((await service.call('POST', `/api/v1/inbox/${id}/archive`, { as: me })).body).archivedAt,
    ).toBe(archivedAt);
    expect(
      ids((await service.call('GET', '/api/v1/inbox', { as: me, query: { view: 'unread' } })).body),
    ).toEqual([]);
    expect(
      ids((await service.call('GET', '/api/v1/inbox', { as: me, query: { view: 'archived' } })).body),
    ).toEqual([id]);
    expect(JSON.parse((await service.call('GET', '/api/v1/inbox/unread-count', { as: me })).body)).toEqual({
      unread: 0,
    });

    const restored = await service.call('POST', `/api/v1/inbox/${id}/unarchive`, { as: me });
    expect(JSON.parse(restored.body).archivedAt).toBeNull();
    expect(
      ids((await service.call('GET', '/api/v1/inbox', { as: me, query: { view: 'unread' } })).body),
    ).toEqual([id]);
  });

  it("never lets another user read, archive or see someone's items (404 as if missing)", async () => {
    const owner = randomUUID();
    const intruder = randomUUID();
    const id = await insertInboxRow(service.query.bind(service), owner);
    for (const action of ['read', 'archive', 'unarchive']) {
      const response = await service.call('POST', `/api/v1/inbox/${id}/${action}`, { as: intruder });
      expect(response.statusCode).toBe(404);
      expect(JSON.parse(response.body).code).toBe('INBOX_ITEM_NOT_FOUND');
    }
    const missing = await service.call('POST', `/api/v1/inbox/${randomUUID()}/read`, { as: intruder });
    expect(JSON.parse(missing.body).code).toBe('INBOX_ITEM_NOT_FOUND');
    await service.call('POST', '/api/v1/inbox/read-all', { as: intruder });
    const [row] = await service.query<{ status: string; read_at: Date | null; archived_at: Date | null }>(
      'SELECT status, read_at, archived_at FROM notifications WHERE id = $1',
      [id],
    );
    expect(row).toEqual({ status: 'DELIVERED', read_at: null, archived_at: null });
    expect(ids((await service.call('GET', '/api/v1/inbox', { as: intruder })).body)).toEqual([]);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const response = await service.call('POST', '/api/v1/inbox/not-a-uuid/read', { as: randomUUID() });
    expect(response.statusCode).toBe(400);
  });

  it('delivers IN_APP through the channel dispatcher with the inbox provider', async () => {
    const me = randomUUID();
    const id = await insertInboxRow(service.query.bind(service), me, { status: 'PROCESSING' });
    const reports: AttemptReport[] = [];
    const receipt = await service.app.get(ChannelDispatcherService).dispatch(
      {
        notificationId: id,
        channel: 'IN_APP',
        to: me,
        text: 'A body',
        idempotencyKey: id,
        attempt: 1,
        sender: { kind: 'platform' },
      },
      async (report) => {
        reports.push(report);
      },
    );
    expect(receipt).toMatchObject({ provider: 'inbox', providerMessageId: id });
    expect(reports).toEqual([expect.objectContaining({ provider: 'inbox', ok: true })]);
  });
});
