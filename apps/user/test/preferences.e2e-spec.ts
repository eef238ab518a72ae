import { USER_PREFERENCES_CHANGED } from '@orion/contracts';
import { randomUUID } from 'node:crypto';
import { assignRole, createUser, outbox } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const { admin, user } = UserServiceUnderTest;
const BASE = '/api/v1/users/me/preferences';

const NOTIFICATIONS = {
  categories: {
    SECURITY: { channels: { EMAIL: true, PUSH: true }, frequency: 'immediate' },
    MARKETING: { channels: { EMAIL: false }, frequency: 'weekly' },
  },
  quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' },
};

describe('preferences', () => {
  let service: UserServiceUnderTest;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
  });

  afterAll(() => service?.stop());

  const put = (as: string, path: string, body: unknown, version?: number | string) =>
    service.call('PUT', `${BASE}${path}`, {
      as,
      body,
      headers:
        version === undefined ? {} : { 'if-match': typeof version === 'number' ? `"${version}"` : version },
    });

  it('reads all seven categories with the version as ETag', async () => {
    const response = await service.call('GET', BASE, { as: user.id });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body).sort()).toEqual([
      'accessibility',
      'communication',
      'display',
      'localization',
      'notifications',
      'privacy',
      'security',
      'version',
    ]);
    expect(body.localization).toMatchObject({ locale: 'de', timeZone: 'Europe/Berlin' });
    expect(response.headers.etag).toBe(`"${body.version}"`);
    const one = await service.call('GET', `${BASE}/display`, { as: user.id });
    expect(one.json()).toMatchObject({
      category: 'display',
      version: body.version,
      settings: { theme: 'system' },
    });
    expect((await service.call('GET', `${BASE}/colours`, { as: user.id })).statusCode).toBe(400);
  });

  it('replaces one category, bumps the version and announces notification changes', async () => {
    const target = await createUser(service);
    const start = await service.call('GET', BASE, { as: target.id });
    expect(start.json().version).toBe(1);

    const written = await put(target.id, '/notifications', NOTIFICATIONS, 1);
    expect(written.statusCode).toBe(200);
    expect(written.json()).toEqual({ category: 'notifications', version: 2, settings: NOTIFICATIONS });
    expect(written.headers.etag).toBe('"2"');
    const [stored] = await service.query<any>(
      'SELECT notifications, version FROM user_preferences WHERE user_id = $1',
      [target.id],
    );
    expect(stored).toEqual({ notifications: NOTIFICATIONS, version: 2 });
    const events = await outbox(service, USER_PREFERENCES_CHANGED.name, target.id);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ userId: target.id, version: 2, notifications: NOTIFICATIONS }),
    ]);

    // Other categories change without an event, but audited.
    expect((await put(target.id, '/display', { theme: 'dark' }, 2)).statusCode).toBe(200);
    expect(await outbox(service, USER_PREFERENCES_CHANGED.name, target.id)).toHaveLength(1);
    const audits = await service.query<any>(
      `SELECT metadata FROM audit_logs WHERE resource_type = 'user_preferences' AND resource_id = $1 ORDER BY created_at`,
      [target.id],
    );
    expect(audits.map((a) => a.metadata.categories)).toEqual([['notifications'], ['display']]);
  });

  it('refuses a stale version with 409 and a missing If-Match with 428, writing nothing', async () => {
    const target = await createUser(service);
    expect((await put(target.id, '/privacy', { searchable: false }, 1)).statusCode).toBe(200);
    const stale = await put(target.id, '/privacy', { searchable: true }, 1);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'PREFERENCES_VERSION_CONFLICT', currentVersion: 2 });
    const missing = await put(target.id, '/privacy', { searchable: true });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('PREFERENCES_VERSION_REQUIRED');
    expect((await put(target.id, '/privacy', { searchable: true }, 'latest')).statusCode).toBe(400);
    const [row] = await service.query<any>(
      'SELECT privacy, version FROM user_preferences WHERE user_id = $1',
      [target.id],
    );
    expect(row).toEqual({ privacy: { searchable: false }, version: 2 });
  });

  it('of two writers with the same version, exactly one wins', async () => {
    const target = await createUser(service);
    const results = await Promise.all([
      put(target.id, '/display', { theme: 'dark' }, 1),
      put(target.id, '/display', { theme: 'light' }, 1),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    // The winner's value, one version step for the one accepted write; the loser left nothing.
    const theme = results[0]!.statusCode === 200 ? 'dark' : 'light';
    const [row] = await service.query('SELECT display, version FROM user_preferences WHERE user_id = $1', [
      target.id,
    ]);
    expect(row).toEqual({ display: { theme }, version: 2 });
    const audits = await service.query(
      `SELECT id FROM audit_logs WHERE resource_type = 'user_preferences' AND resource_id = $1`,
      [target.id],
    );
    expect(audits).toHaveLength(1);
  });

  it('replaces everything at once; a category left out is reset', async () => {
    const target = await createUser(service);
    await put(target.id, '/security', { signInAlerts: false }, 1);
    const response = await put(
      target.id,
      '',
      { notifications: NOTIFICATIONS, localization: { locale: 'fr-CA', timeZone: 'America/Toronto' } },
      2,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ version: 3, security: {}, localization: { locale: 'fr-CA' } });
    const [event] = (await outbox(service, USER_PREFERENCES_CHANGED.name, target.id)).slice(-1);
    expect(event.payload).toMatchObject({ version: 3, locale: 'fr-CA', timeZone: 'America/Toronto' });
  });

  it.each([
    [
      '/notifications',
      { categories: { SECURITY: { channels: { EMAIL: 'yes' }, frequency: 'immediate' } } },
      'categories.SECURITY.channels.EMAIL',
    ],
    [
      '/notifications',
      { categories: { SECURITY: { channels: { FAX: true }, frequency: 'immediate' } } },
      'categories.SECURITY.channels.FAX',
    ],
    ['/notifications', { categories: { GOSSIP: { channels: {}, frequency: 'daily' } } }, 'categories.GOSSIP'],
    [
      '/notifications',
      { categories: { SYSTEM: { channels: { EMAIL: true }, frequency: 'sometimes' } } },
      'categories.SYSTEM.frequency',
    ],
    [
      '/notifications',
      { categories: { SYSTEM: { channels: [], frequency: 'daily' } } },
      'categories.SYSTEM.channels',
    ],
    ['/notifications', { quietHours: { start: '25:00', end: '07:00' } }, 'quietHours.start'],
    [
      '/notifications',
      { quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } },
      'quietHours.timeZone',
    ],
    ['/privacy', { profileVisibility: 'everyone' }, 'profileVisibility'],
    ['/display', { theme: 'dark', fontColour: 'red' }, 'fontColour'],
    ['/accessibility', { fontScale: 10 }, 'fontScale'],
    ['/communication', { marketing: 'true' }, 'marketing'],
    ['/security', { sessionTimeoutMinutes: 1.5 }, 'sessionTimeoutMinutes'],
    ['/localization', { locale: 'not a locale' }, 'locale'],
    ['/localization', { timeZone: 'Nowhere/Town' }, 'timeZone'],
    ['', { notifications: NOTIFICATIONS, version: 1 }, 'version'],
    ['', { themes: {} }, 'themes'],
  ])('PUT %s refuses %j with 400 naming %s', async (path, body, field) => {
    const target = await createUser(service);
    const response = await put(target.id, path, body, 1);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('VALIDATION_FAILED');
    expect(response.json().errors.map((e: any) => e.field)).toContain(field);
    const [row] = await service.query<any>('SELECT version FROM user_preferences WHERE user_id = $1', [
      target.id,
    ]);
    expect(row.version).toBe(1);
  });

  it('only ever touches the caller’s own preferences', async () => {
    const other = await createUser(service);
    const mine = await createUser(service);
    await put(mine.id, '/display', { theme: 'dark' }, 1);
    // There is no path with another user's id; an id in the body is refused, not followed.
    const smuggled = await put(mine.id, '/display', { theme: 'light', userId: other.id }, 2);
    expect(smuggled.statusCode).toBe(400);
    const [theirs] = await service.query<any>(
      'SELECT display, version FROM user_preferences WHERE user_id = $1',
      [other.id],
    );
    expect(theirs).toEqual({ display: {}, version: 1 });
    expect(
      (await service.call('GET', `/api/v1/users/${other.id}/preferences`, { as: mine.id })).statusCode,
    ).toBe(404);
  });

  describe("another user's, at /users/:userId/preferences", () => {
    const of = (userId: string, path = '') => `/api/v1/users/${userId}/preferences${path}`;
    const read = (as: string, userId: string, path = '') => service.call('GET', of(userId, path), { as });
    const write = (as: string, userId: string, path: string, body: unknown, version?: number) =>
      service.call('PUT', of(userId, path), {
        as,
        body,
        headers: version === undefined ? {} : { 'if-match': `"${version}"` },
      });

    it('are read with users:read and written with users:update, versioned, announced and audited', async () => {
      const target = await createUser(service);
      const all = await read(admin.id, target.id);
      expect([all.statusCode, all.headers.etag, all.json().version]).toEqual([200, '"1"', 1]);

      const written = await write(admin.id, target.id, '/notifications', NOTIFICATIONS, 1);
      expect(written.statusCode).toBe(200);
      expect(written.json()).toEqual({ category: 'notifications', version: 2, settings: NOTIFICATIONS });
      expect(written.headers.etag).toBe('"2"');
      const events = await outbox(service, USER_PREFERENCES_CHANGED.name, target.id);
      expect(events.map((e) => e.payload)).toEqual([
        expect.objectContaining({ userId: target.id, version: 2, notifications: NOTIFICATIONS }),
      ]);
      const replaced = await write(admin.id, target.id, '', { display: { theme: 'dark' } }, 2);
      expect(replaced.json()).toMatchObject({ version: 3, display: { theme: 'dark' }, notifications: {} });
      const display = await read(admin.id, target.id, '/display');
      expect(display.json()).toEqual({ category: 'display', version: 3, settings: { theme: 'dark' } });
      const audits = await service.query<any>(
        `SELECT actor_id, metadata FROM audit_logs WHERE resource_type = 'user_preferences' AND resource_id = $1
         ORDER BY (metadata->>'version')::int`,
        [target.id],
      );
      expect(audits.map((a) => [a.actor_id, a.metadata.version])).toEqual([
        [admin.id, 2],
        [admin.id, 3],
      ]);

      // The owner's routes see the same document and version.
      expect((await service.call('GET', BASE, { as: target.id })).json()).toMatchObject({ version: 3 });
    });

    it('refuse a plain user (404), a reader writing (403), bad input and stale versions, writing nothing', async () => {
      const target = await createUser(service);
      const support = await createUser(service);
      await assignRole(service, support.id, 'support');
      for (const response of [
        await read(user.id, target.id),
        await read(user.id, target.id, '/display'),
        await write(user.id, target.id, '/display', { theme: 'dark' }, 1),
        await write(user.id, target.id, '', {}, 1),
      ]) {
        expect([response.statusCode, response.json().code]).toEqual([404, 'USER_NOT_FOUND']);
      }
      expect((await read(support.id, target.id)).statusCode).toBe(200);
      const reader = await write(support.id, target.id, '/display', { theme: 'dark' }, 1);
      expect([reader.statusCode, reader.json().code]).toEqual([403, 'PERMISSION_DENIED']);

      const cases: [string, unknown, number | undefined, number, string][] = [
        ['/display', { theme: 'dark', fontColour: 'red' }, 1, 400, 'VALIDATION_FAILED'],
        ['/localization', { timeZone: 'Nowhere/Town' }, 1, 400, 'VALIDATION_FAILED'],
        ['', { themes: {} }, 1, 400, 'VALIDATION_FAILED'],
        ['/display', { theme: 'dark', userId: user.id }, 1, 400, 'VALIDATION_FAILED'],
        ['/display', { theme: 'dark' }, 7, 409, 'PREFERENCES_VERSION_CONFLICT'],
        ['/display', { theme: 'dark' }, undefined, 428, 'PREFERENCES_VERSION_REQUIRED'],
      ];
      for (const [path, body, version, status, code] of cases) {
        const response = await write(admin.id, target.id, path, body, version);
        expect([path, response.statusCode, response.json().code]).toEqual([path, status, code]);
      }
      expect((await read(admin.id, target.id, '/colours')).json().code).toBe('VALIDATION_FAILED');
      expect((await read(admin.id, 'not-a-uuid')).json().code).toBe('VALIDATION_FAILED');
      expect((await read(admin.id, randomUUID())).json().code).toBe('USER_NOT_FOUND');
      const [row] = await service.query<any>(
        'SELECT display, version FROM user_preferences WHERE user_id = $1',
        [target.id],
      );
      expect(row).toEqual({ display: {}, version: 1 });
    });
  });
});
