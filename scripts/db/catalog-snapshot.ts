import { withClient } from './database-admin';

/** What a database's public schema contains, read from the catalog; the unit drift is measured in. */
export interface ColumnShape {
  type: string;
  nullable: boolean;
  default: string | null;
  identity: string | null;
  generated: string | null;
}

export interface IndexShape {
  columns: string[];
  unique: boolean;
  method: string;
  predicate: string | null;
  include: string[];
  /** True when the index backs a UNIQUE constraint rather than being a bare CREATE UNIQUE INDEX. */
  constraint: boolean;
}

export interface ForeignKeyShape {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: { name: string; columns: string[] } | null;
  indexes: Record<string, IndexShape>;
  foreignKeys: Record<string, ForeignKeyShape>;
}

export interface DatabaseSnapshot {
  tables: Record<string, TableShape>;
  enums: Record<string, string[]>;
}

const IGNORED_TABLES = ['_prisma_migrations'];

const RULES: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

export async function snapshotDatabase(url: string): Promise<DatabaseSnapshot> {
  return withClient(url, async (client) => {
    const snapshot: DatabaseSnapshot = { tables: {}, enums: {} };

    const tables = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> ALL($1) ORDER BY 1`,
      [IGNORED_TABLES],
    );
    for (const { name } of tables.rows) {
      snapshot.tables[name] = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
    }
    const table = (name: string) => snapshot.tables[name];

    const columns = await client.query(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
              NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default,
              a.attidentity AS identity, a.attgenerated AS generated
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`,
    );
    for (const row of columns.rows) {
      const target = table(row.table);
      if (!target) continue;
      target.columns[row.column] = {
        type: row.type,
        nullable: row.nullable,
        default: row.default,
        identity: row.identity || null,
        generated: row.generated || null,
      };
    }

    // Key parts come back as text (names or expressions) with sort options, in key order.
    const indexes = await client.query(
      `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
              am.amname AS method, pg_get_expr(x.indpred, x.indrelid, true) AS predicate,
              con.contype AS contype,
              ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                             || CASE WHEN x.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                             || CASE WHEN x.indoption[k - 1] & 2 = 2 THEN ' NULLS FIRST' ELSE '' END
                      FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k) AS columns,
              ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                      FROM generate_series(x.indnkeyatts + 1, x.indnatts) AS k ORDER BY k) AS include
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
         LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.contype IN ('p', 'u', 'x')
        WHERE n.nspname = 'public'
        ORDER BY t.relname, i.relname`,
    );
    for (const row of indexes.rows) {
      const target = table(row.table);
      if (!target) continue;
      if (row.primary) {
        target.primaryKey = { name: row.name, columns: row.columns };
        continue;
      }
      target.indexes[row.name] = {
        columns: row.columns,
        unique: row.unique,
        method: row.method,
        predicate: row.predicate,
        include: row.include,
        constraint: row.contype === 'u',
      };
    }

    const foreignKeys = await client.query(
      `SELECT c.conname AS name, t.relname AS table, r.relname AS referenced,
              c.confdeltype AS on_delete, c.confupdtype AS on_update,
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(num, pos)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num ORDER BY k.pos) AS columns,
              ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(num, pos)
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.pos) AS ref_columns
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_class r ON r.oid = c.confrelid
        WHERE c.contype = 'f' AND n.nspname = 'public'
        ORDER BY t.relname, c.conname`,
    );
    for (const row of foreignKeys.rows) {
      const target = table(row.table);
      if (!target) continue;
      target.foreignKeys[row.name] = {
        columns: row.columns,
        referencedTable: row.referenced,
        referencedColumns: row.ref_columns,
        onDelete: RULES[row.on_delete] ?? row.on_delete,
        onUpdate: RULES[row.on_update] ?? row.on_update,
      };
    }

    const enums = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid
                                         ORDER BY e.enumsortorder) AS values
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'e' AND n.nspname = 'public' ORDER BY 1`,
    );
    for (const row of enums.rows) snapshot.enums[row.name] = row.values;

    return snapshot;
  });
}
