import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PRISMA_ADVISORY_LOCK_KEY } from './migration-repository';

/** Server-level chores: creating, dropping and emptying databases named by URLs. */
export async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'orion-db-migrate' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`The database URL ${redact(url)} names no database.`);
  return name;
}

/** The same server and credentials, another database (the maintenance database by default). */
export function withDatabase(url: string, database = 'postgres'): string {
  const copy = new URL(url);
  copy.pathname = `/${encodeURIComponent(database)}`;
  return copy.toString();
}

/** Hides the password when a URL appears in messages. */
export function redact(url: string): string {
  try {
    const copy = new URL(url);
    if (copy.password) copy.password = '***';
    return copy.toString();
  } catch {
    return '<unparseable URL>';
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Returns true when it had to create the database. */
export async function createDatabaseIfMissing(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  return withClient(withDatabase(url), async (admin) => {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      // Another process created it between our check and our CREATE.
      if ((error as { code?: string }).code === '42P04') return false;
      throw error;
    }
    return true;
  });
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  await withClient(withDatabase(url), (admin) =>
    admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  );
}

/** A throwaway database on the same server as `url`; the caller drops it. */
export async function createScratchDatabase(url: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`.toLowerCase();
  await withClient(withDatabase(url), (admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return withDatabase(url, name);
}

/**
 * Empties the database by recreating its public schema (tables, types and _prisma_migrations
 * go with it). Holds the migration lock so no deploy runs halfway through.
 */
export async function resetPublicSchema(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    }
  });
}

export async function executeSql(url: string, sql: string): Promise<void> {
  await withClient(url, (client) => client.query(sql).then(() => undefined));
}
