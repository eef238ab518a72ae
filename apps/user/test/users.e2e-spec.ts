import { verify } from '@node-rs/argon2';
import { CREATE_USER, USER_REGISTERED } from '@orion/contracts';
import { ServiceClient } from '@orion/core';
import { sealForTest } from '@orion/testing';
import { createUser, outbox } from './support/user-factory';
import { UserServiceUnderTest } from './support/user-service';

const { admin, user } = UserServiceUnderTest;

describe('users and profiles', () => {
  let service: UserServiceUnderTest;
  let auth: ServiceClient;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start({}, { transport: true });
    auth = await service.client('auth');
  });

  afterAll(() => service?.stop());

  describe('sign-up over the transport (user.users.create.v1)', () => {
    it('creates a pending account with a hashed password, announces it and sends a verification', async () => {
      const view = await auth.send(CREATE_USER, {
        email: 'Signup.One@Example.com',
        password: sealForTest('user', CREATE_USER, 'password', 'a long enough password'),
        username: 'Signup_One',
        displayName: 'Signup One',
      });
      expect(view).toMatchObject({
        email: 'Signup.One@Example.com',
        username: 'signup_one',
        status: 'PENDING_VERIFICATION',
      });
      expect(view).not.toHaveProperty('passwordHash');
      const [row] = await service.query<any>('SELECT * FROM users WHERE id = $1', [view.id]);
      expect(row.email_normalized).toBe('signup.one@example.com');
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      // Not verified yet: the welcome asks for the verification the next event requests.
      const registered = await outbox(service, USER_REGISTERED.name, view.id);
      expect(registered.map((event) => event.payload.emailVerified)).toEqual([false]);
      expect(await outbox(service, 'user.email-verification-requested.v1', view.id)).toHaveLength(1);
      const roles = await service.query<any>(
        'SELECT r.slug FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1',
        [view.id],
      );
      expect(roles.map((r) => r.slug)).toEqual(['user']);
    });

    it('answers EMAIL_TAKEN (409) to the caller for an address in use, whatever its case, and writes nothing', async () => {
      const before = await service.query<any>('SELECT count(*)::int AS n FROM outbox_events');
      await expect(
        auth.send(CREATE_USER, {
          email: 'SIGNUP.one@example.com',
          password: sealForTest('user', CREATE_USER, 'password', 'a long enough password'),
        }),
      ).rejects.toMatchObject({ code: 'EMAIL_TAKEN', status: 409 });
      const after = await service.query<any>('SELECT count(*)::int AS n FROM outbox_events');
      expect(after[0].n).toBe(before[0].n);
    });

    it('refuses an invalid payload with VALIDATION_FAILED', async () => {
      await expect(
        auth.send(CREATE_USER, { email: 'not-an-email', password: 'short' }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        status: 400,
      });
    });
  });

  describe('own profile', () => {
    it('reads and changes the caller’s profile', async () => {
      const me = await service.call('GET', '/api/v1/users/me', { as: user.id });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ id: user.id, email: user.email });
      expect(me.json()).not.toHaveProperty('passwordHash');

      const changed = await service.call('PATCH', '/api/v1/users/me', {
        as: user.id,
        body: { displayName: 'Sam', avatarUrl: 'https://cdn.example.com/a.png', phoneNumber: null },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({
        displayName: 'Sam',
        avatarUrl: 'https://cdn.example.com/a.png',
      });
      const [audit] = await service.query<any>(
        `SELECT * FROM audit_logs WHERE resource_id = $1 AND action = 'UPDATE' ORDER BY created_at DESC LIMIT 1`,
        [user.id],
      );
      expect(audit.metadata.fields).toEqual(expect.arrayContaining(['displayName', 'avatarUrl']));
      // Field names only: no personal data in the append-only log.
      expect(JSON.stringify(audit.changes)).not.toContain('Sam');
    });

    it.each([
      ['status', 'ACTIVE'],
      ['roles', ['admin']],
      ['emailVerifiedAt', '2026-01-01T00:00:00Z'],
      ['passwordHash', '$argon2id$v=19$x'],
      ['email', 'other@example.com'],
      ['deletedAt', null],
      ['id', admin.id],
    ])('refuses %s in a profile update with 400 and changes nothing', async (field, value) => {
      const [before] = await service.query<any>('SELECT * FROM users WHERE id = $1', [user.id]);
      const response = await service.call('PATCH', '/api/v1/users/me', {
        as: user.id,
        body: { displayName: 'Mallory', [field]: value },
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field }] });
      const [after] = await service.query<any>('SELECT * FROM users WHERE id = $1', [user.id]);
      expect(after).toEqual(before);
    });

    it('answers problem details for malformed values', async () => {
      const response = await service.call('PATCH', '/api/v1/users/me', {
        as: user.id,
        body: { avatarUrl: 'javascript:alert(1)', phoneNumber: '123', username: 'a b' },
      });
      expect(response.statusCode).toBe(400);
      expect(
        response
          .json()
          .errors.map((e: any) => e.field)
          .sort(),
      ).toEqual(['avatarUrl', 'phoneNumber', 'username']);
    });

    it('answers USERNAME_TAKEN for a username in use', async () => {
      const response = await service.call('PATCH', '/api/v1/users/me', {
        as: user.id,
        body: { username: 'ADMIN' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('USERNAME_TAKEN');
    });

    it('needs an access token', async () => {
      const response = await service.call('GET', '/api/v1/users/me');
      expect(response.statusCode).toBe(401);
    });
  });

  describe('administration', () => {
    it('creates a user over REST with users:create, and EMAIL_TAKEN for a taken address', async () => {
      const created = await service.call('POST', '/api/v1/users', {
        as: admin.id,
        body: { email: 'made.by.admin@example.com', firstName: 'Made' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ status: 'PENDING_VERIFICATION', firstName: 'Made' });
      const again = await service.call('POST', '/api/v1/users', {
        as: admin.id,
        body: { email: 'MADE.by.admin@example.com' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'EMAIL_TAKEN', status: 409 });
    });

    it('holds an administrator-set password to the same rules as sign-up, and writes nothing otherwise', async () => {
      const cases: [string, string][] = [
        ['password1', 'PASSWORD_TOO_COMMON'],
        ['short', 'PASSWORD_TOO_SHORT'],
        ['weak.password.owner-secret', 'PASSWORD_CONTAINS_IDENTIFIER'],
      ];
      for (const [password, code] of cases) {
        const response = await service.call('POST', '/api/v1/users', {
          as: admin.id,
          body: { email: 'weak.password.owner@example.com', password },
        });
        expect([password, response.statusCode, response.json().code]).toEqual([password, 400, code]);
      }
      expect(
        await service.query(
          "SELECT id FROM users WHERE email_normalized = 'weak.password.owner@example.com'",
        ),
      ).toEqual([]);
      const accepted = await service.call('POST', '/api/v1/users', {
        as: admin.id,
        body: { email: 'weak.password.owner@example.com', password: 'ｃｏｒｒｅｃｔ horse battery staple' },
      });
      expect(accepted.statusCode).toBe(201);
      const [row] = await service.query<any>('SELECT password_hash FROM users WHERE id = $1', [
        accepted.json().id,
      ]);
      // Stored as the NFKC form, so the same password typed without full-width letters signs in.
      expect(await verify(row.password_hash, 'correct horse battery staple')).toBe(true);
    });

    it('refuses every administrative path on another user to a regular user, never showing data', async () => {
      const other = await createUser(service);
      const calls: [string, string, unknown?][] = [
        ['POST', '/api/v1/users', { email: 'x@example.com' }],
        ['PATCH', `/api/v1/users/${other.id}`, { displayName: 'Hijacked' }],
        ['PATCH', `/api/v1/users/${other.id}/status`, { status: 'SUSPENDED' }],
        ['DELETE', `/api/v1/users/${other.id}`],
        ['POST', `/api/v1/users/${other.id}/restore`],
        ['POST', `/api/v1/users/${other.id}/erasure`, { confirmUserId: other.id }],
        ['GET', '/api/v1/users', undefined],
      ];
      for (const [method, url, body] of calls.slice(0, 6)) {
        const response = await service.call(method, url, { as: user.id, body });
        expect([403, 404]).toContain(response.statusCode);
        expect(response.body).not.toContain(other.email);
      }
      // Without users:read (a regular user, or no role at all) even reading is refused.
      const stranger = await createUser(service);
      await service.query('DELETE FROM user_roles WHERE user_id = $1', [stranger.id]);
      for (const caller of [user.id, stranger.id]) {
        for (const [method, url] of [
          ['GET', `/api/v1/users/${other.id}`],
          ['GET', '/api/v1/users'],
        ]) {
          const response = await service.call(method, url, { as: caller });
          expect(response.statusCode).toBe(403);
          expect(response.json()).toMatchObject({ code: 'PERMISSION_DENIED', permission: 'users:read' });
          expect(response.body).not.toContain(other.email);
        }
      }
      const [row] = await service.query<any>(
        'SELECT display_name, status, deleted_at FROM users WHERE id = $1',
        [other.id],
      );
      expect(row).toEqual({ display_name: null, status: 'PENDING_VERIFICATION', deleted_at: null });
    });

    it('reads one user, and 404 for an unknown id, 400 for a malformed one', async () => {
      const other = await createUser(service, { lastName: 'Readable' });
      const found = await service.call('GET', `/api/v1/users/${other.id}`, { as: admin.id });
      expect(found.json()).toMatchObject({ id: other.id, lastName: 'Readable' });
      const missing = await service.call('GET', '/api/v1/users/6f1d5c8e-0000-4000-8000-000000000000', {
        as: admin.id,
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('USER_NOT_FOUND');
      const malformed = await service.call('GET', '/api/v1/users/not-a-uuid', { as: admin.id });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().code).toBe('VALIDATION_FAILED');
    });

    it.each(['0', '101', '-1', 'ten'])('refuses limit=%s with 400', async (limit) => {
      const response = await service.call('GET', '/api/v1/users', { as: admin.id, query: { limit } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'limit' }] });
    });

    it('refuses a forged cursor and unknown query fields', async () => {
      const forged = await service.call('GET', '/api/v1/users', {
        as: admin.id,
        query: { cursor: 'bm9wZQ' },
      });
      expect(forged.statusCode).toBe(400);
      expect(forged.json().code).toBe('INVALID_CURSOR');
      const unknown = await service.call('GET', '/api/v1/users', { as: admin.id, query: { role: 'admin' } });
      expect(unknown.statusCode).toBe(400);
    });

    it('walks every page with a cursor, without duplicates or gaps, and filters', async () => {
      const marker = `pager${Date.now()}`;
      const ids = new Set<string>();
      for (let i = 0; i < 7; i += 1) ids.add((await createUser(service, { lastName: marker })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await service.call('GET', '/api/v1/users', {
          as: admin.id,
          query: { limit: '3', search: marker, ...(cursor && { cursor }) },
        });
        expect(response.statusCode).toBe(200);
        const page = response.json();
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((item: any) => item.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(ids);

      const active = await service.call('GET', '/api/v1/users', {
        as: admin.id,
        query: { search: marker, status: 'ACTIVE' },
      });
      expect(active.json().items).toEqual([]);
      const future = await service.call('GET', '/api/v1/users', {
        as: admin.id,
        query: { search: marker, createdFrom: new Date(Date.now() + 60_000).toISOString() },
      });
      expect(future.json()).toEqual({ items: [], nextCursor: null });
    });

    it('lets an administrator edit a profile, still without forbidden fields', async () => {
      const other = await createUser(service);
      const ok = await service.call('PATCH', `/api/v1/users/${other.id}`, {
        as: admin.id,
        body: { firstName: 'Fixed' },
      });
      expect(ok.json().firstName).toBe('Fixed');
      const refused = await service.call('PATCH', `/api/v1/users/${other.id}`, {
        as: admin.id,
        body: { status: 'ACTIVE' },
      });
      expect(refused.statusCode).toBe(400);
    });
  });
});
