import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

/**
 * Every read and write of `_prisma_migrations`, shaped after Prisma's schema engine
 * (sql_migration_persistence.rs) so that `prisma migrate status|deploy` agree with our rows.
 */
export const MIGRATIONS_TABLE = '_prisma_migrations';

/** The key Prisma's schema engine locks on PostgreSQL; sharing it keeps both runners exclusive. */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Byte-for-byte the PostgreSQL DDL the schema engine runs when it first initialises a database. */
export const CREATE_MIGRATIONS_TABLE_SQL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrationRecord {
  id: string;
  checksum: string;
  finishedAt: Date | null;
  migrationName: string;
  logs: string | null;
  rolledBackAt: Date | null;
  startedAt: Date;
  appliedStepsCount: number;
}

export class LockTimeoutError extends Error {}

export class MigrationRepository {
  constructor(private readonly client: Client) {}

  /** Session-level lock, held until released or the connection closes, as Prisma does. */
  async acquireLock(timeoutMs: number): Promise<void> {
    await this.client.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    try {
      await this.client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') {
        throw new LockTimeoutError(
          `Timed out after ${timeoutMs} ms waiting for the migration lock (pg_advisory_lock(${PRISMA_ADVISORY_LOCK_KEY})): another migration run holds it.`,
        );
      }
      throw error;
    } finally {
      await this.client.query('RESET lock_timeout');
    }
  }

  async releaseLock(): Promise<void> {
    await this.client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
  }

  async tableExists(): Promise<boolean> {
    const { rows } = await this.client.query<{ found: string | null }>(
      `SELECT to_regclass('public.${MIGRATIONS_TABLE}')::text AS found`,
    );
    return rows[0]?.found != null;
  }

  /** Tables other than ours in public; Prisma refuses to start a history on such a schema (P3005). */
  async otherTableNames(): Promise<string[]> {
    const { rows } = await this.client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND c.relname NOT IN ('${MIGRATIONS_TABLE}', 'spatial_ref_sys') ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  }

  async createTable(): Promise<void> {
    await this.client.query(CREATE_MIGRATIONS_TABLE_SQL);
  }

  /** All rows ordered by started_at, as the engine lists them; empty when the table is absent. */
  async list(): Promise<MigrationRecord[]> {
    if (!(await this.tableExists())) return [];
    const { rows } = await this.client.query(
      `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
         FROM public.${MIGRATIONS_TABLE} ORDER BY started_at ASC`,
    );
    return rows.map((row) => ({
      id: row.id,
      checksum: row.checksum,
      finishedAt: row.finished_at,
      migrationName: row.migration_name,
      logs: row.logs,
      rolledBackAt: row.rolled_back_at,
      startedAt: row.started_at,
      appliedStepsCount: row.applied_steps_count,
    }));
  }

  /** Committed before the script runs, so a crash or failure leaves a visible unfinished row. */
  async recordStarted(migrationName: string, checksum: string): Promise<string> {
    const id = randomUUID();
    await this.client.query(
      `INSERT INTO public.${MIGRATIONS_TABLE} (id, checksum, started_at, migration_name)
       VALUES ($1, $2, clock_timestamp(), $3)`,
      [id, checksum, migrationName],
    );
    return id;
  }

  /** Prisma's record_successful_step (count + 1) and record_migration_finished in one statement. */
  async recordFinished(id: string): Promise<void> {
    await this.client.query(
      `UPDATE public.${MIGRATIONS_TABLE}
          SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
        WHERE id = $1`,
      [id],
    );
  }

  /**
   * Runs a migration script and marks its row finished in one transaction, so the schema change
   * and its record commit together. The script goes as one simple query, as the engine sends it.
   */
  async applyScript(id: string, script: string): Promise<void> {
    await this.client.query('BEGIN');
    try {
      await this.client.query(script);
      await this.recordFinished(id);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async recordFailed(id: string, logs: string): Promise<void> {
    await this.client.query(`UPDATE public.${MIGRATIONS_TABLE} SET logs = $2 WHERE id = $1`, [id, logs]);
  }

  async markRolledBack(id: string): Promise<void> {
    await this.client.query(
      `UPDATE public.${MIGRATIONS_TABLE} SET rolled_back_at = clock_timestamp() WHERE id = $1`,
      [id],
    );
  }

  /**
   * `migrate resolve --applied` inserts a fresh row: empty logs, started_at = finished_at and,
   * as in the engine, applied_steps_count left at its default of 0. Run outside a transaction,
   * so now() is this statement's time.
   */
  async insertApplied(migrationName: string, checksum: string): Promise<string> {
    const id = randomUUID();
    await this.client.query(
      `INSERT INTO public.${MIGRATIONS_TABLE} (id, checksum, logs, started_at, finished_at, migration_name)
       VALUES ($1, $2, '', now(), now(), $3)`,
      [id, checksum, migrationName],
    );
    return id;
  }
}
