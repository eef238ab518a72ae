import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateDatabaseSummary,
  OUTPUT_FILE,
  parseSchema,
  readSchemas,
  renderDatabaseSummary,
  SERVICES,
} from '../../scripts/docs/database-summary';

const ROOT = join(__dirname, '..', '..');

/** Every committed migration of the service, in the order they apply. */
function migrationSql(service: string): string {
  const dir = join(ROOT, 'prisma', service, 'migrations');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => readFileSync(join(dir, name, 'migration.sql'), 'utf8'))
    .join('\n');
}

/** Indexes the migrations leave in place (created, and not dropped by a later one), by kind. */
function survivingIndexes(sql: string): { unique: number; index: number } {
  const kinds = new Map<string, 'unique' | 'index'>();
  for (const [, unique, created, dropped] of sql.matchAll(
    /^(?:CREATE (UNIQUE )?INDEX "([^"]+)"|DROP INDEX "([^"]+)")/gm,
  )) {
    if (dropped) kinds.delete(dropped);
    else kinds.set(created!, unique ? 'unique' : 'index');
  }
  const values = [...kinds.values()];
  return {
    unique: values.filter((k) => k === 'unique').length,
    index: values.filter((k) => k === 'index').length,
  };
}

describe('docs/DATABASE_IMPLEMENTATION.md', () => {
  it('is what the generator produces from the current schemas and seed data', () => {
    expect(readFileSync(OUTPUT_FILE, 'utf8')).toBe(generateDatabaseSummary());
  });

  it('changes when a schema changes, so the check can fail', () => {
    const schemas = readSchemas();
    const before = renderDatabaseSummary(schemas);
    const changed = {
      ...schemas,
      notification: `${schemas.notification}\nmodel Digest {\n  id String @id @db.Uuid\n  userId String @map("user_id")\n\n  @@index([userId])\n  @@map("digests")\n}\n`,
    };
    const after = renderDatabaseSummary(changed);
    expect(after).not.toBe(before);
    expect(parseSchema(changed.notification).models).toHaveLength(
      parseSchema(schemas.notification).models.length + 1,
    );
    expect(after).toContain('| Digest | `digests` | 2 | 2 | 0 | 0 | 1 | 0 |');
  });

  it('counts the same tables, unique indexes and indexes as the committed migrations create', () => {
    const schemas = readSchemas();
    for (const service of SERVICES) {
      const outline = parseSchema(schemas[service]);
      const sql = migrationSql(service);
      const tables = [...sql.matchAll(/^CREATE TABLE "([^"]+)"/gm)].map((m) => m[1]).sort();
      expect(outline.models.map((m) => m.table).sort()).toEqual(tables);
      const indexes = outline.models.flatMap((m) => m.indexes);
      const surviving = survivingIndexes(sql);
      expect(indexes.filter((i) => i.kind === 'unique')).toHaveLength(surviving.unique);
      expect(indexes.filter((i) => i.kind === 'index')).toHaveLength(surviving.index);
      expect(outline.enums).toHaveLength(sql.match(/^CREATE TYPE /gm)?.length ?? 0);
    }
  });
});

describe('parseSchema', () => {
  it('reads mapped names, composite indexes and enums, ignoring comments and braces in strings', () => {
    const outline = parseSchema(`
      // model Ghost { } in a comment
      generator client {
        provider = "prisma-client"
      }
      enum Colour {
        RED /// a doc comment
        GREEN @map("green")
        @@map("colour")
      }
      model Thing {
        id     String   @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
        ownerId String  @map("owner_id") // a trailing comment with @unique
        url    String   @default("https://example.com/{x}") @unique
        colour Colour
        meta   Json     @default("{}")
        owner  Owner    @relation(fields: [ownerId], references: [id])

        @@index([ownerId, colour(sort: Desc)], map: "things_owner")
        @@map("things")
      }
      model Owner {
        id     String  @id
        things Thing[]
      }
    `);
    expect(outline.enums).toEqual([{ name: 'Colour', values: ['RED', 'GREEN'] }]);
    const thing = outline.models[0]!;
    expect(thing.table).toBe('things');
    expect(thing.fields.map((f) => `${f.column}:${f.kind}`)).toEqual([
      'id:scalar',
      'owner_id:scalar',
      'url:scalar',
      'colour:enum',
      'meta:scalar',
      'owner:relation',
    ]);
    expect(thing.indexes).toEqual([
      { kind: 'primary', columns: ['id'] },
      { kind: 'unique', columns: ['url'] },
      { kind: 'index', columns: ['owner_id', 'colour'] },
    ]);
    expect(outline.models[1]).toMatchObject({ name: 'Owner', table: 'Owner' });
  });
});
