import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The part of scripts/db/schema-sql.ts we use. It is loaded at call time: it pulls in Prisma 6
 * and a driver adapter, which deploy, status and seed have no need for.
 */
export type SchemaSqlModule = Pick<typeof import('./schema-sql'), 'schemaToSql' | 'diffDatabaseToSchema'>;

export const SCHEMA_SQL_MODULE = join(__dirname, 'schema-sql.ts');

export function schemaSqlAvailable(): boolean {
  return existsSync(SCHEMA_SQL_MODULE);
}

export function loadSchemaSql(): SchemaSqlModule {
  if (!schemaSqlAvailable()) {
    throw new Error(
      `${SCHEMA_SQL_MODULE} is missing: it turns a Prisma schema into SQL, which this command needs.`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(SCHEMA_SQL_MODULE) as Partial<SchemaSqlModule>;
  if (typeof loaded.schemaToSql !== 'function' || typeof loaded.diffDatabaseToSchema !== 'function') {
    throw new Error(`${SCHEMA_SQL_MODULE} must export schemaToSql and diffDatabaseToSchema.`);
  }
  return loaded as SchemaSqlModule;
}

/** Prisma writes this for a diff without changes; only comments and blank lines count as empty. */
export function isEmptySql(sql: string): boolean {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}
