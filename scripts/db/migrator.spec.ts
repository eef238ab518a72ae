import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase } from '@orion/testing';
import { snapshotDatabase } from './catalog-snapshot';
import { withClient } from './database-admin';
import { checksumOf, scriptMatchesChecksum } from './migration-files';
import { PRISMA_ADVISORY_LOCK_KEY } from './migration-repository';
import { deploy, MigrationError, resolveApplied, resolveRolledBack, status } from './migrator';

const FIXTURES = resolve(__dirname, '../../test/fixtures/migrations');
const BASIC = join(FIXTURES, 'basic');
const FAILING = join(FIXTURES, 'failing');
const INIT = '20260101000000_init';
const PROFILE = '20260102000000_add_profile';
const BROKEN = '20260102000000_broken';

type Row = Record<string, unknown> & { migration_name: string };

async function rows(url: string): Promise<Row[]> {
  return withClient(
    url,
    async (c) =>
      (await c.query<Row>('SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name')).rows,
  );
}

async function tableNames(url: string): Promise<string[]> {
  return withClient(url, async (c) =>
    (
      await c.query<{ t: string }>(
        "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      )
    ).rows.map((r) => r.t),
  );
}

const fileSha = (dir: string, name: string) =>
  createHash('sha256')
    .update(readFileSync(join(dir, name, 'migration.sql')))
    .digest('hex');

async function expectMigrationError(promise: Promise<unknown>, code: string): Promise<MigrationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  expect((error as MigrationError).code).toBe(code);
  return error as MigrationError;
}

describe('migration runner', () => {
  let db: { name: string; url: string };
  let tmp: string;

  beforeEach(async () => {
    db = await createTestDatabase('migrator');
    tmp = mkdtempSync(join(tmpdir(), 'orion-migrations-'));
  });
  afterEach(async () => {
    await dropTestDatabase(db.name);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('applies every migration from an empty database, in name order', async () => {
    const result = await deploy({ databaseUrl: db.url, migrationsDir: BASIC });
    expect(result.applied).toEqual([INIT, PROFILE]);
    expect(await tableNames(db.url)).toEqual(['Profile', 'User', '_prisma_migrations']);
  });

  it('creates _prisma_migrations with the DDL of Prisma’s schema engine', async () => {
    await deploy({ databaseUrl: db.url, migrationsDir: BASIC });
    const columns = await withClient(
      db.url,
      async (c) =>
        (
          await c.query(
            `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
          )
        ).rows,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
      {
        column_name: 'checksum',
        data_type: 'character varying',
        len: 64,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'finished_at',
        data_type: 'timestamp with time zone',
        len: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'migration_name',
        data_type: 'character varying',
        len: 255,
        is_nullable: 'NO',
        column_default: null,
      },
      { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
      {
        column_name: 'rolled_back_at',
        data_type: 'timestamp with time zone',
        len: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'started_at',
        data_type: 'timestamp with time zone',
        len: null,
        is_nullable: 'NO',
        column_default: 'now()',
      },
      {
        column_name: 'applied_steps_count',
        data_type: 'integer',
        len: null,
        is_nullable: 'NO',
        column_default: '0',
      },
    ]);
    const snapshot = await withClient(
      db.url,
      async (c) =>
        (
          await c.query(
            "SELECT conname, contype FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass",
          )
        ).rows,
    );
    expect(snapshot).toEqual([{ conname: '_prisma_migrations_pkey', contype: 'p' }]);
  });

  it('records each migration as prisma migrate deploy does', async () => {
    await deploy({ databaseUrl: db.url, migrationsDir: BASIC });
    const recorded = await rows(db.url);
    expect(recorded.map((r) => r.migration_name)).toEqual([INIT, PROFILE]);
    for (const row of recorded) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(fileSha(BASIC, row.migration_name));
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect((row.finished_at as Date).getTime()).toBeGreaterThanOrEqual((row.started_at as Date).getTime());
    }
  });

  it('is idempotent: a second deploy applies nothing and changes nothing', async () => {
    await deploy({ databaseUrl: db.url, migrationsDir: BASIC });
    const [rowsBefore, schemaBefore] = [await rows(db.url), await snapshotDatabase(db.url)];
    expect((await deploy({ databaseUrl: db.url, migrationsDir: BASIC })).applied).toEqual([]);
    expect(await rows(db.url)).toEqual(rowsBefore);
    expect(await snapshotDatabase(db.url)).toEqual(schemaBefore);
  });

  it('applies only what is new when the history grows', async () => {
    cpSync(BASIC, tmp, { recursive: true });
    rmSync(join(tmp, PROFILE), { recursive: true });
    expect((await deploy({ databaseUrl: db.url, migrationsDir: tmp })).applied).toEqual([INIT]);
    cpSync(join(BASIC, PROFILE), join(tmp, PROFILE), { recursive: true });
    expect((await deploy({ databaseUrl: db.url, migrationsDir: tmp })).applied).toEqual([PROFILE]);
  });

  it('records a failing migration as failed, rolls its changes back and blocks later deploys', async () => {
    const error = await expectMigrationError(
      deploy({ databaseUrl: db.url, migrationsDir: FAILING }),
      'MIGRATION_FAILED',
    );
    expect(error.message).toContain(`Migration name: ${BROKEN}`);
    expect(error.message).toContain('column "nickname" does not exist');

    // The CREATE TABLE before the failing statement went with the rollback.
    expect(await tableNames(db.url)).toEqual(['User', '_prisma_migrations']);
    const failed = (await rows(db.url)).find((r) => r.migration_name === BROKEN)!;
    expect(failed).toMatchObject({
      finished_at: null,
      rolled_back_at: null,
      applied_steps_count: 0,
      checksum: fileSha(FAILING, BROKEN),
    });
    expect(failed.logs).toContain('Database error code: 42703');

    const blocked = await expectMigrationError(
      deploy({ databaseUrl: db.url, migrationsDir: FAILING }),
      'FAILED_MIGRATIONS_FOUND',
    );
    expect(blocked.message).toContain(`The \`${BROKEN}\` migration started at`);
    expect(blocked.message).toContain(`resolve --rolled-back ${BROKEN}`);
    expect(blocked.message).toContain(`resolve --applied ${BROKEN}`);
    // Blocked even when the failed migration has been fixed, until someone resolves it.
    await expectMigrationError(
      deploy({ databaseUrl: db.url, migrationsDir: BASIC }),
      'FAILED_MIGRATIONS_FOUND',
    );
  });

  it('retries a migration resolved as rolled back, keeping the failed attempt on record', async () => {
    cpSync(FAILING, tmp, { recursive: true });
    await expectMigrationError(deploy({ databaseUrl: db.url, migrationsDir: tmp }), 'MIGRATION_FAILED');
    await expectMigrationError(
      resolveRolledBack({ databaseUrl: db.url, migrationsDir: tmp }, INIT),
      'NOT_FAILED',
    );
    await expectMigrationError(
      resolveRolledBack({ databaseUrl: db.url, migrationsDir: tmp }, 'nope'),
      'NOT_APPLIED',
    );

    await resolveRolledBack({ databaseUrl: db.url, migrationsDir: tmp }, BROKEN);
    const fixed = join(tmp, BROKEN, 'migration.sql');
    writeFileSync(
      fixed,
      readFileSync(fixed, 'utf8').replace('"nickname"', '"email"').replace('"displayName"', '"emailAddress"'),
    );
    expect((await deploy({ databaseUrl: db.url, migrationsDir: tmp })).applied).toEqual([BROKEN]);

    const attempts = (await rows(db.url)).filter((r) => r.migration_name === BROKEN);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({
      finished_at: null,
      applied_steps_count: 0,
      checksum: checksumOf(readFileSync(join(FAILING, BROKEN, 'migration.sql'))),
    });
    expect(attempts[0]!.rolled_back_at).toBeInstanceOf(Date);
    expect(attempts[1]).toMatchObject({
      rolled_back_at: null,
      applied_steps_count: 1,
      checksum: fileSha(tmp, BROKEN),
    });
    expect((await status({ databaseUrl: db.url, migrationsDir: tmp })).upToDate).toBe(true);
  });

  it('records a migration resolved as applied the way prisma migrate resolve --applied does', async () => {
    await expectMigrationError(deploy({ databaseUrl: db.url, migrationsDir: FAILING }), 'MIGRATION_FAILED');
    await resolveApplied({ databaseUrl: db.url, migrationsDir: FAILING }, BROKEN);
    await expectMigrationError(
      resolveApplied({ databaseUrl: db.url, migrationsDir: FAILING }, BROKEN),
      'ALREADY_APPLIED',
    );
    await expectMigrationError(
      resolveApplied({ databaseUrl: db.url, migrationsDir: FAILING }, 'nope'),
      'MIGRATION_NOT_FOUND',
    );

    const [failed, marked] = (await rows(db.url)).filter((r) => r.migration_name === BROKEN);
    expect(failed!.rolled_back_at).toBeInstanceOf(Date);
    expect(marked).toMatchObject({
      logs: '',
      rolled_back_at: null,
      applied_steps_count: 0,
      checksum: fileSha(FAILING, BROKEN),
    });
    expect(marked!.finished_at).toEqual(marked!.started_at);
    expect((await deploy({ databaseUrl: db.url, migrationsDir: FAILING })).applied).toEqual([]);
  });

  it('applies each migration exactly once when deploys race', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => deploy({ databaseUrl: db.url, migrationsDir: BASIC })),
    );
    expect(results.flatMap((r) => r.applied).sort()).toEqual([INIT, PROFILE]);
    expect((await rows(db.url)).map((r) => r.migration_name).sort()).toEqual([INIT, PROFILE]);
  });

  it('waits while another session, such as Prisma’s CLI, holds the migration lock', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
      let finished = false;
      const running = deploy({ databaseUrl: db.url, migrationsDir: BASIC }).then(
        (r) => ((finished = true), r),
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(finished).toBe(false);
      expect(await tableNames(db.url)).toEqual([]);
      await holder.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
      expect((await running).applied).toEqual([INIT, PROFILE]);
    } finally {
      await holder.end();
    }
  });

  it('gives up with a clear message when the lock is not released in time', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
      await expect(deploy({ databaseUrl: db.url, migrationsDir: BASIC, lockTimeoutMs: 200 })).rejects.toThrow(
        /pg_advisory_lock\(72707369\)/,
      );
    } finally {
      await holder.end();
    }
  });

  it('refuses to start a history on a schema that already has tables, as Prisma does', async () => {
    await withClient(db.url, (c) => c.query('CREATE TABLE legacy (id int)'));
    await expectMigrationError(deploy({ databaseUrl: db.url, migrationsDir: BASIC }), 'SCHEMA_NOT_EMPTY');
  });
});

describe('migration checksums', () => {
  it('are the zero-padded hex SHA-256 of the script, as in Prisma’s own test', () => {
    expect(checksumOf('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  it('match across LF and CRLF line endings but not across edits', () => {
    const lf = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(scriptMatchesChecksum(crlf, checksumOf(lf))).toBe(true);
    expect(scriptMatchesChecksum(lf, checksumOf(crlf))).toBe(true);
    expect(scriptMatchesChecksum(`${lf}-- edited\n`, checksumOf(lf))).toBe(false);
  });
});
