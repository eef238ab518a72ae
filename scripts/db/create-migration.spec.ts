import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, dropTestDatabase } from '@orion/testing';
import { createMigration, migrationFolderName } from './create-migration';
import { withClient } from './database-admin';
import { deploy } from './migrator';
import { memoryOutput } from './output';
import { loadSchemaSql } from './schema-source';

const FIXTURES = resolve(__dirname, '../../test/fixtures/migrations');

describe('migration folder names', () => {
  it('are the UTC timestamp and the name in snake case, as Prisma writes them', () => {
    expect(migrationFolderName('Add user nickname', new Date('2026-12-03T04:05:06.789Z'))).toBe(
      '20261203040506_add_user_nickname',
    );
    expect(() => migrationFolderName(' -- ', new Date())).toThrow(/not usable as a migration name/);
  });
});

describe('creating a migration from schema changes', () => {
  // Fails, naming the missing module, rather than skipping: the test setup provides it.
  beforeAll(() => loadSchemaSql());
  let dir: string;
  let db: { name: string; url: string };
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orion-create-migration-'));
    cpSync(join(FIXTURES, 'basic'), join(dir, 'migrations'), { recursive: true });
    db = await createTestDatabase('create_migration');
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropTestDatabase(db.name);
  });

  const options = (schemaPath: string) => ({
    schemaPath,
    migrationsDir: join(dir, 'migrations'),
    databaseUrl: db.url,
    name: 'add nickname',
    output: memoryOutput(),
    now: new Date('2026-12-03T04:05:06Z'),
  });

  it('writes nothing when the schema matches the migrations', async () => {
    const opts = options(join(FIXTURES, 'basic.prisma'));
    expect(await createMigration(opts)).toBeNull();
    expect(opts.output.text()).toContain('No schema changes');
    expect(readdirSync(join(dir, 'migrations')).sort()).toEqual([
      '20260101000000_init',
      '20260102000000_add_profile',
      'migration_lock.toml',
    ]);
  });

  it('writes the SQL that takes the migrated database to the schema', async () => {
    const schema = join(dir, 'schema.prisma');
    writeFileSync(
      schema,
      readFileSync(join(FIXTURES, 'basic.prisma'), 'utf8').replace(
        '  email     String    @unique\n',
        '  email     String    @unique\n  nickname  String?\n',
      ),
    );
    expect(await createMigration(options(schema))).toBe('20261203040506_add_nickname');
    const sql = readFileSync(join(dir, 'migrations/20261203040506_add_nickname/migration.sql'), 'utf8');
    expect(sql).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/);

    // The new history applies cleanly and leaves nothing further to create.
    expect(
      (await deploy({ databaseUrl: db.url, migrationsDir: join(dir, 'migrations') })).applied,
    ).toHaveLength(3);
    await withClient(db.url, (c) => c.query('SELECT nickname FROM "User"'));
    expect(await createMigration({ ...options(schema), name: 'again' })).toBeNull();
  });
});
