import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, dropTestDatabase } from '@orion/testing';
import { withClient } from './database-admin';
import { deploy, status } from './migrator';
import { loadSchemaSql } from './schema-source';

/**
 * Prisma's own engine (6.19, in WebAssembly through a driver adapter) reads and writes the same
 * `_prisma_migrations` as our runner: each side accepts what the other recorded.
 */
const run = promisify(execFile);
const FIXTURES = resolve(__dirname, '../../test/fixtures/migrations');
const SCHEMA_SQL = join(__dirname, 'schema-sql.ts');

interface Prisma6Result {
  code: number;
  output: string;
}

async function prisma6(dir: string, databaseUrl: string, args: string[]): Promise<Prisma6Result> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [require.resolve('prisma6/build/index.js'), ...args, '--config', 'prisma.config.ts'],
      {
        cwd: dir,
        env: {
          ...process.env,
          ORION_SCHEMA_SQL_DATABASE_URL: databaseUrl,
          PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
          PRISMA_QUERY_ENGINE_LIBRARY: process.execPath,
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
          CHECKPOINT_DISABLE: '1',
        },
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A Prisma 6 project folder: the toy schema, the given migrations, a config with the adapter. */
function prisma6Project(migrations: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'orion-prisma6-'));
  cpSync(migrations, join(dir, 'migrations'), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { toPrisma6Schema } = require(SCHEMA_SQL) as typeof import('./schema-sql');
  writeFileSync(
    join(dir, 'schema.prisma'),
    toPrisma6Schema(readFileSync(join(FIXTURES, 'basic.prisma'), 'utf8')),
  );
  writeFileSync(
    join(dir, 'prisma.config.ts'),
    [
      `import { defineConfig } from ${JSON.stringify(require.resolve('prisma6/config'))};`,
      `import { migrationAdapter } from ${JSON.stringify(SCHEMA_SQL)};`,
      `export default defineConfig({`,
      `  experimental: { adapter: true },`,
      `  engine: 'js',`,
      `  schema: ${JSON.stringify(join(dir, 'schema.prisma'))},`,
      `  migrations: { path: ${JSON.stringify(join(dir, 'migrations'))} },`,
      `  adapter: async () => migrationAdapter(process.env.ORION_SCHEMA_SQL_DATABASE_URL!),`,
      `});`,
      '',
    ].join('\n'),
  );
  return dir;
}

type Row = Record<string, unknown>;
const rows = (url: string) =>
  withClient(
    url,
    async (c) => (await c.query<Row>('SELECT * FROM _prisma_migrations ORDER BY started_at')).rows,
  );
const tableDefinition = (url: string) =>
  withClient(url, async (c) => ({
    columns: (
      await c.query(
        `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      )
    ).rows,
    constraints: (
      await c.query(
        "SELECT conname, contype FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass",
      )
    ).rows,
    indexes: (await c.query("SELECT indexname FROM pg_indexes WHERE tablename = '_prisma_migrations'")).rows,
  }));

describe('compatibility with Prisma’s migration engine', () => {
  // Fails, naming the missing module, rather than skipping: the test setup provides it.
  beforeAll(() => loadSchemaSql());
  const dbs: string[] = [];
  const dirs: string[] = [];
  const database = async () => {
    const db = await createTestDatabase('prisma_compat');
    dbs.push(db.name);
    return db.url;
  };
  const project = (migrations: string) => {
    const dir = prisma6Project(migrations);
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const name of dbs) await dropTestDatabase(name);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('records migrations the way prisma migrate deploy does, and each side accepts the other’s', async () => {
    const ours = await database();
    const theirs = await database();
    const dir = project(join(FIXTURES, 'basic'));
    await deploy({ databaseUrl: ours, migrationsDir: join(FIXTURES, 'basic') });
    const deployed = await prisma6(dir, theirs, ['migrate', 'deploy']);
    expect(deployed.output).toContain('All migrations have been successfully applied.');

    expect(await tableDefinition(ours)).toEqual(await tableDefinition(theirs));
    const shape = (row: Row) => ({
      migration_name: row.migration_name,
      checksum: row.checksum,
      id_length: String(row.id).length,
      finished: row.finished_at instanceof Date,
      logs: row.logs,
      rolled_back_at: row.rolled_back_at,
      applied_steps_count: row.applied_steps_count,
    });
    expect((await rows(ours)).map(shape)).toEqual((await rows(theirs)).map(shape));

    // Prisma reads our history as complete; we read Prisma's as complete.
    const prismaStatus = await prisma6(dir, ours, ['migrate', 'status']);
    expect(prismaStatus).toMatchObject({ code: 0 });
    expect(prismaStatus.output).toContain('Database schema is up to date!');
    expect((await status({ databaseUrl: theirs, migrationsDir: join(FIXTURES, 'basic') })).upToDate).toBe(
      true,
    );
    expect((await deploy({ databaseUrl: theirs, migrationsDir: join(FIXTURES, 'basic') })).applied).toEqual(
      [],
    );
  });

  it('Prisma sees a migration that failed under our runner as failed, and refuses to deploy', async () => {
    const url = await database();
    const dir = project(join(FIXTURES, 'failing'));
    await expect(deploy({ databaseUrl: url, migrationsDir: join(FIXTURES, 'failing') })).rejects.toThrow();
    const deployed = await prisma6(dir, url, ['migrate', 'deploy']);
    expect(deployed.code).not.toBe(0);
    expect(deployed.output).toContain('P3009');
    expect(deployed.output).toContain('The `20260102000000_broken` migration started at');
  });
});
