import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { adminDatabaseUrl } from '@orion/testing';
import { checkDrift, compareMigrationsWithSql, compareSnapshots, DatabaseSnapshot } from './drift';
import { loadSchemaSql } from './schema-source';
import { SERVICES, servicePaths } from './services';

const FIXTURES = resolve(__dirname, '../../test/fixtures/migrations');
const BASIC = join(FIXTURES, 'basic');
const TOY_SCHEMA = join(FIXTURES, 'basic.prisma');

/** What the basic migrations build, as one script: the "schema" side, before a test edits it. */
const basicSql = () =>
  readdirSync(BASIC, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => readFileSync(join(BASIC, name, 'migration.sql'), 'utf8'))
    .join('\n');

const driftAgainst = (sql: string) => compareMigrationsWithSql(BASIC, async () => sql, adminDatabaseUrl());

describe('drift checker on toy migrations', () => {
  it('finds nothing when the schema side matches the migrations', async () => {
    expect((await driftAgainst(basicSql())).differences).toEqual([]);
  });

  it('reports a column the migrations lack, and only that', async () => {
    const sql = basicSql().replace(
      '"email" TEXT NOT NULL,',
      '"email" TEXT NOT NULL,\n    "nickname" VARCHAR(40),',
    );
    expect((await driftAgainst(sql)).differences).toEqual([
      'column "User"."nickname": in schema, missing from migrations',
    ]);
  });

  it('reports an index the migrations lack, and only that', async () => {
    const sql = `${basicSql()}\nCREATE INDEX "User_createdAt_idx" ON "User"("createdAt" DESC);\n`;
    expect((await driftAgainst(sql)).differences).toEqual([
      'index "User"."User_createdAt_idx": in schema, missing from migrations',
    ]);
  });

  it('reports a different foreign key rule, and only that', async () => {
    const sql = basicSql().replace(
      'ON DELETE CASCADE ON UPDATE CASCADE',
      'ON DELETE RESTRICT ON UPDATE CASCADE',
    );
    expect((await driftAgainst(sql)).differences).toEqual([
      'foreign key "Profile"."Profile_userId_fkey": onDelete is "RESTRICT" in schema, "CASCADE" in migrations',
    ]);
  });

  it('reports changed types, nullability, defaults, enum values and uniqueness', async () => {
    const sql = basicSql()
      .replace(`('USER', 'ADMIN')`, `('USER', 'ADMIN', 'AUDITOR')`)
      .replace('"bio" VARCHAR(280)', '"bio" VARCHAR(500) NOT NULL')
      .replace(`DEFAULT 'USER'`, `DEFAULT 'ADMIN'`)
      .replace('CREATE INDEX "Profile_userId_idx"', 'CREATE UNIQUE INDEX "Profile_userId_idx"');
    expect((await driftAgainst(sql)).differences).toEqual([
      'enum "Role": values is ["USER","ADMIN","AUDITOR"] in schema, ["USER","ADMIN"] in migrations',
      'column "Profile"."bio": type is "character varying(500)" in schema, "character varying(280)" in migrations',
      'column "Profile"."bio": nullable is false in schema, true in migrations',
      'index "Profile"."Profile_userId_idx": unique is true in schema, false in migrations',
      `column "User"."role": default is "'ADMIN'::\\"Role\\"" in schema, "'USER'::\\"Role\\"" in migrations`,
    ]);
  });

  it('reports tables present on one side only, in both directions', () => {
    const table = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
    const expected: DatabaseSnapshot = { tables: { A: table }, enums: {} };
    const actual: DatabaseSnapshot = { tables: { B: table }, enums: {} };
    expect(compareSnapshots(expected, actual)).toEqual([
      'table "A": in schema, missing from migrations',
      'table "B": in migrations, missing from schema',
    ]);
  });
});

describe('drift checker on a toy Prisma schema', () => {
  // Fails, naming the missing module, rather than skipping: the test setup provides it.
  beforeAll(() => loadSchemaSql());
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'orion-drift-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const schemaWith = (edit: (text: string) => string) => {
    const path = join(dir, 'schema.prisma');
    writeFileSync(path, edit(readFileSync(TOY_SCHEMA, 'utf8')));
    return path;
  };
  const drift = (schemaPath: string) =>
    checkDrift('auth', { schemaPath, migrationsDir: BASIC, serverUrl: adminDatabaseUrl() });

  it('finds nothing when the schema and migrations agree', async () => {
    expect((await drift(TOY_SCHEMA)).differences).toEqual([]);
  });

  it('reports exactly the field the migrations lack', async () => {
    const path = schemaWith((s) =>
      s.replace('  email     String    @unique\n', '  email     String    @unique\n  nickname  String?\n'),
    );
    expect((await drift(path)).differences).toEqual([
      'column "User"."nickname": in schema, missing from migrations',
    ]);
  });

  it('reports exactly the index the migrations lack', async () => {
    const path = schemaWith((s) =>
      s.replace('  profiles  Profile[]\n', '  profiles  Profile[]\n\n  @@index([createdAt])\n'),
    );
    expect((await drift(path)).differences).toEqual([
      'index "User"."User_createdAt_idx": in schema, missing from migrations',
    ]);
  });

  it('reports exactly the foreign key rule the migrations lack', async () => {
    const path = schemaWith((s) => s.replace('onDelete: Cascade', 'onDelete: Restrict'));
    expect((await drift(path)).differences).toEqual([
      'foreign key "Profile"."Profile_userId_fkey": onDelete is "RESTRICT" in schema, "CASCADE" in migrations',
    ]);
  });
});

describe.each(SERVICES)('drift of the %s service', (service) => {
  const paths = servicePaths(service);
  beforeAll(() => {
    loadSchemaSql();
    for (const path of [paths.schema, paths.migrations]) {
      if (!existsSync(path)) throw new Error(`${path} is missing: the ${service} drift check reads it.`);
    }
  });

  it('its committed migrations build exactly what its schema declares', async () => {
    const { differences } = await checkDrift(service, { serverUrl: adminDatabaseUrl() });
    expect(differences).toEqual([]);
  });

  it('a field added to its schema without a migration is caught', async () => {
    const dir = mkdtempSync(join(tmpdir(), `orion-drift-${service}-`));
    try {
      const schema = readFileSync(paths.schema, 'utf8');
      const model = /^model (\w+) \{\n/m.exec(schema);
      expect(model).not.toBeNull();
      const edited = schema.replace(model![0], `${model![0]}  driftProbe String?\n`);
      const schemaPath = join(dir, 'schema.prisma');
      writeFileSync(schemaPath, edited);
      const { differences } = await checkDrift(service, { schemaPath, serverUrl: adminDatabaseUrl() });
      expect(differences).toHaveLength(1);
      expect(differences[0]).toMatch(/^column "\w+"\."driftProbe": in schema, missing from migrations$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
