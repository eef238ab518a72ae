import { Clock, runInRequestContext } from '@orion/core';
import { controlClock } from '@orion/testing';
import { AuditAction } from '../src/audit/audit-action';
import { AuditService } from '../src/audit/audit.service';
import { UserServiceUnderTest } from './support/user-service';

const { admin, user } = UserServiceUnderTest;
const RESOURCE = 'test_widget';

describe('audit log', () => {
  let service: UserServiceUnderTest;
  let audit: AuditService;

  beforeAll(async () => {
    service = await UserServiceUnderTest.start();
    audit = service.app.get(AuditService);
  });

  afterAll(() => service?.stop());

  const record = (
    entry: Partial<Parameters<AuditService['record']>[0]>,
    context = { requestId: 'req-default', ip: '203.0.113.9', userAgent: 'jest' },
  ) =>
    runInRequestContext(
      context.requestId,
      () =>
        audit.record({
          action: AuditAction.UPDATE,
          resourceType: RESOURCE,
          actor: null,
          ...entry,
        }),
      undefined,
      { ip: context.ip, userAgent: context.userAgent },
    );

  describe('storage', () => {
    it('keeps who, where and which request, and only the changed fields without secrets', async () => {
      const actor = {
        kind: 'user' as const,
        userId: user.id,
        scopes: [],
        tokenId: 't',
        issuedAt: new Date(),
        expiresAt: new Date(),
      };
      const saved = await record(
        {
          actor,
          resourceId: user.id,
          before: {
            displayName: 'Sam',
            locale: 'de',
            passwordHash: 'argon2id$old',
            nested: { apiKey: 'orn_x' },
          },
          after: {
            displayName: 'Samuel',
            locale: 'de',
            passwordHash: 'argon2id$new',
            refreshToken: 'rt',
            clientSecret: 's',
          },
          metadata: { reason: 'typo', resetToken: 'reset-token-value' },
        },
        { requestId: 'req-storage-1', ip: '198.51.100.4', userAgent: 'Firefox/128' },
      );
      const [row] = await service.query<any>('SELECT * FROM audit_logs WHERE id = $1', [saved.id]);
      expect(row).toMatchObject({
        actor_id: user.id,
        action: 'UPDATE',
        resource_type: RESOURCE,
        resource_id: user.id,
        request_id: 'req-storage-1',
        ip_address: '198.51.100.4',
        user_agent: 'Firefox/128',
      });
      // nested lost its only (secret) field: it shows as changed, the secret itself does not.
      expect(row.changes).toEqual({
        before: { displayName: 'Sam', nested: {} },
        after: { displayName: 'Samuel', nested: null },
      });
      expect(row.metadata).toEqual({ reason: 'typo' });
      const stored = JSON.stringify(row);
      for (const secret of ['argon2id', 'orn_x', '"rt"', 'reset-token-value'])
        expect(stored).not.toContain(secret);
    });

    it('records a key-authenticated call as its owner, naming the key', async () => {
      const actor = {
        kind: 'service' as const,
        keyId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
        ownerId: user.id,
        scopes: [],
      };
      const saved = await record({ actor, action: AuditAction.CREATE, after: { name: 'x' } });
      const [row] = await service.query<any>(
        'SELECT actor_id, metadata, changes FROM audit_logs WHERE id = $1',
        [saved.id],
      );
      expect(row.actor_id).toBe(user.id);
      expect(row.metadata).toEqual({ apiKeyId: actor.keyId });
      expect(row.changes).toEqual({ after: { name: 'x' } });
    });

    it('refuses UPDATE, DELETE and TRUNCATE of its rows in the database itself', async () => {
      const saved = await record({ after: { n: 1 } });
      await expect(
        service.query("UPDATE audit_logs SET action = 'DELETE' WHERE id = $1", [saved.id]),
      ).rejects.toThrow('audit_logs is append-only: UPDATE is not allowed');
      await expect(service.query('DELETE FROM audit_logs WHERE id = $1', [saved.id])).rejects.toThrow(
        'audit_logs is append-only: DELETE is not allowed',
      );
      await expect(service.query('TRUNCATE audit_logs')).rejects.toThrow(
        'audit_logs is append-only: TRUNCATE is not allowed',
      );
      const [row] = await service.query<any>('SELECT action FROM audit_logs WHERE id = $1', [saved.id]);
      expect(row.action).toBe('UPDATE');
      const triggers = await service.query<{ tgname: string }>(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_logs'::regclass AND NOT tgisinternal ORDER BY tgname",
      );
      expect(triggers.map((t) => t.tgname)).toEqual([
        'audit_logs_no_truncate',
        'audit_logs_no_update_or_delete',
      ]);
    });

    it('still lets an erased account take its name off the trail (actor_id set to NULL)', async () => {
      const [doomed] = await service.query<{ id: string }>(
        "INSERT INTO users (email, updated_at) VALUES ('erased@example.test', now()) RETURNING id",
      );
      const actor = {
        kind: 'user' as const,
        userId: doomed!.id,
        scopes: [],
        tokenId: 't',
        issuedAt: new Date(),
        expiresAt: new Date(),
      };
      const saved = await record({ actor, after: { n: 2 } });
      await service.query('DELETE FROM users WHERE id = $1', [doomed!.id]);
      const [row] = await service.query<any>('SELECT actor_id, changes FROM audit_logs WHERE id = $1', [
        saved.id,
      ]);
      expect(row).toEqual({ actor_id: null, changes: { after: { n: 2 } } });
    });
  });

  describe('GET /api/v1/audit-logs', () => {
    const ids: string[] = [];
    let start: string;

    beforeAll(async () => {
      // Moved forward only, so records written later in this file still sort as newer.
      const clock = controlClock(service.app.get(Clock));
      start = new Date(Date.now() - 1000).toISOString();
      for (let i = 0; i < 5; i += 1) {
        const saved = await record(
          {
            action: i % 2 ? AuditAction.DELETE : AuditAction.CREATE,
            resourceType: 'page_test',
            resourceId: admin.id,
            after: { i },
          },
          { requestId: `req-page-${i}`, ip: '192.0.2.1', userAgent: 'jest' },
        );
        ids.unshift(saved.id); // newest first
        clock.advance(5);
      }
    });

    const list = (query: Record<string, string>, as = admin.id) =>
      service.call('GET', '/api/v1/audit-logs', { as, query });

    it('pages newest first with an opaque cursor until the end', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const response = await list({ resourceType: 'page_test', limit: '2', ...(cursor && { cursor }) });
        expect(response.statusCode).toBe(200);
        const body = response.json();
        expect(body.items.length).toBeLessThanOrEqual(2);
        seen.push(...body.items.map((item: any) => item.id));
        cursor = body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(ids);
    });

    it('filters by action, resource, request id, actor and time range', async () => {
      const deleted = (await list({ resourceType: 'page_test', action: 'DELETE' })).json();
      expect(deleted.items.map((item: any) => item.id)).toEqual([ids[1], ids[3]]);
      expect(deleted.nextCursor).toBeNull();

      const one = (await list({ requestId: 'req-page-4' })).json();
      expect(one.items).toHaveLength(1);
      expect(one.items[0]).toMatchObject({
        id: ids[0],
        resourceId: admin.id,
        changes: { after: { i: 4 } },
        ipAddress: '192.0.2.1',
      });

      expect((await list({ resourceType: 'page_test', resourceId: admin.id })).json().items).toHaveLength(5);
      expect((await list({ resourceType: 'page_test', actorId: user.id })).json().items).toHaveLength(0);
      expect((await list({ resourceType: 'page_test', from: start })).json().items).toHaveLength(5);
      expect((await list({ resourceType: 'page_test', to: start })).json().items).toHaveLength(0);
    });

    it.each([
      [{ limit: '0' }, 'VALIDATION_FAILED'],
      [{ limit: '101' }, 'VALIDATION_FAILED'],
      [{ limit: 'ten' }, 'VALIDATION_FAILED'],
      [{ cursor: 'not-a-cursor' }, 'INVALID_CURSOR'],
      [{ action: 'HACK' }, 'VALIDATION_FAILED'],
      [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'INVALID_TIME_RANGE'],
      [{ unknown: 'x' }, 'VALIDATION_FAILED'],
    ])('refuses %j with 400 %s', async (query, code) => {
      const response = await list(query);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe(code);
    });

    it('accepts the limit bounds 1 and 100', async () => {
      expect((await list({ limit: '1' })).json().items).toHaveLength(1);
      expect((await list({ limit: '100' })).statusCode).toBe(200);
    });

    it('is for holders of audit:read only', async () => {
      const response = await list({}, user.id);
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('PERMISSION_DENIED');
      expect((await service.call('GET', '/api/v1/audit-logs')).statusCode).toBe(401);
    });

    it('exports the same selection as JSON lines and as CSV', async () => {
      const query = { resourceType: 'page_test', action: 'CREATE' };
      const jsonl = await service.call('GET', '/api/v1/audit-logs/export', { as: admin.id, query });
      expect(jsonl.statusCode).toBe(200);
      expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
      const lines = jsonl.body
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((line) => line.id)).toEqual([ids[0], ids[2], ids[4]]);

      const csv = await service.call('GET', '/api/v1/audit-logs/export', {
        as: admin.id,
        query: { ...query, format: 'csv' },
      });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const rows = csv.body.trim().split('\r\n');
      expect(rows[0]).toBe(
        'id,createdAt,actorId,action,resourceType,resourceId,requestId,ipAddress,userAgent,changes,metadata',
      );
      expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual([ids[0], ids[2], ids[4]]);
      expect(rows[1]).toContain('"{""after"":{""i"":4}}"');
    });

    it('refuses an export to callers without audit:export, and bad filters with 400', async () => {
      expect((await service.call('GET', '/api/v1/audit-logs/export', { as: user.id })).statusCode).toBe(403);
      const bad = await service.call('GET', '/api/v1/audit-logs/export', {
        as: admin.id,
        query: { format: 'xml' },
      });
      expect(bad.statusCode).toBe(400);
    });
  });
});
