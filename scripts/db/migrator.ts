import { Client } from 'pg';
import {
  assertPostgresProvider,
  checksumOf,
  listMigrations,
  MigrationFile,
  scriptMatchesChecksum,
} from './migration-files';
import { MigrationRecord, MigrationRepository } from './migration-repository';
import { Output, silentOutput } from './output';

/** The rules of `prisma migrate deploy | status | resolve`, applied with our own runner. */
export interface MigratorOptions {
  databaseUrl: string;
  migrationsDir: string;
  output?: Output;
  /** How long to wait for another run's advisory lock. */
  lockTimeoutMs?: number;
  /** Command prefix shown in hints, e.g. `scripts/db-migrate.sh auth`. */
  commandPrefix?: string;
}

export type MigrationErrorCode =
  | 'SCHEMA_NOT_EMPTY'
  | 'FAILED_MIGRATIONS_FOUND'
  | 'MIGRATION_FAILED'
  | 'MIGRATION_NOT_FOUND'
  | 'ALREADY_APPLIED'
  | 'NOT_APPLIED'
  | 'NOT_FAILED';

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

async function withLockedRepository<T>(
  options: MigratorOptions,
  run: (repo: MigrationRepository) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: options.databaseUrl, application_name: 'orion-db-migrate' });
  await client.connect();
  try {
    const repo = new MigrationRepository(client);
    await repo.acquireLock(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
    try {
      return await run(repo);
    } finally {
      await repo.releaseLock().catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

function prefix(options: MigratorOptions): string {
  return options.commandPrefix ?? 'scripts/db-migrate.sh <service>';
}

/** Unfinished and not rolled back: Prisma treats these as failed and stops (its P3009). */
export function failedRecords(records: MigrationRecord[]): MigrationRecord[] {
  return records.filter((r) => r.finishedAt === null && r.rolledBackAt === null);
}

function failedMigrationsMessage(failed: MigrationRecord[], options: MigratorOptions): string {
  const details = failed.map((r) => {
    const logs = r.logs?.trim() ? ` with the following logs:\n${r.logs.trim()}` : '';
    return `The \`${r.migrationName}\` migration started at ${r.startedAt.toISOString()} failed${logs}`;
  });
  const name = failed[0]!.migrationName;
  return [
    'Found failed migrations in the database; no new migrations will be applied.',
    ...details,
    '',
    resolveHint(name, options),
  ].join('\n');
}

interface PgError {
  message: string;
  code?: string;
  position?: string;
  detail?: string;
  hint?: string;
}

/** Same fields as Prisma's P3018 text, plus the line of the script where PostgreSQL stopped. */
function failureLogs(migration: MigrationFile, error: unknown): string {
  const e = (error ?? {}) as PgError;
  const lines = [
    'A migration failed to apply. New migrations cannot be applied before the error is recovered from.',
    '',
    `Migration name: ${migration.name}`,
    '',
    `Database error code: ${e.code ?? 'unknown'}`,
    '',
    'Database error:',
    `ERROR: ${e.message ?? String(error)}`,
  ];
  if (e.detail) lines.push(`DETAIL: ${e.detail}`);
  if (e.hint) lines.push(`HINT: ${e.hint}`);
  const position = Number(e.position);
  if (Number.isInteger(position) && position > 0) {
    const line = migration.script.slice(0, position - 1).split('\n').length;
    lines.push('', `Position: line ${line} of ${migration.name}/migration.sql`);
  }
  return lines.join('\n');
}

/** A migration ran from an empty or Prisma-managed schema only, as the engine requires. */
async function initialize(repo: MigrationRepository): Promise<void> {
  if (await repo.tableExists()) return;
  const others = await repo.otherTableNames();
  if (others.length > 0) {
    throw new MigrationError(
      'SCHEMA_NOT_EMPTY',
      `The database schema is not empty (tables: ${others.join(', ')}) and has no _prisma_migrations table. Baseline it with "resolve --applied <migration>" or reset it.`,
    );
  }
  await repo.createTable();
}

export interface DeployResult {
  applied: string[];
}

/** Applies every pending migration in name order, each in its own transaction. */
export async function deploy(options: MigratorOptions): Promise<DeployResult> {
  const output = options.output ?? silentOutput;
  assertPostgresProvider(options.migrationsDir);
  const files = listMigrations(options.migrationsDir);
  return withLockedRepository(options, async (repo) => {
    await initialize(repo);
    const records = await repo.list();
    const failed = failedRecords(records);
    if (failed.length > 0)
      throw new MigrationError('FAILED_MIGRATIONS_FOUND', failedMigrationsMessage(failed, options));

    // Read under the lock: a concurrent run may have applied some of them meanwhile.
    const done = new Set(records.filter((r) => r.rolledBackAt === null).map((r) => r.migrationName));
    const pending = files.filter((file) => !done.has(file.name));
    const applied: string[] = [];
    for (const migration of pending) {
      const id = await repo.recordStarted(migration.name, migration.checksum);
      try {
        await repo.applyScript(id, migration.script);
      } catch (error) {
        const logs = failureLogs(migration, error);
        await repo.recordFailed(id, logs);
        throw new MigrationError('MIGRATION_FAILED', `${logs}\n\n${resolveHint(migration.name, options)}`);
      }
      applied.push(migration.name);
      output.success(`Applied ${migration.name}`);
    }
    return { applied };
  });
}

export interface AppliedMigration {
  name: string;
  finishedAt: Date;
}

export interface StatusReport {
  /** False when _prisma_migrations does not exist yet. */
  initialized: boolean;
  applied: AppliedMigration[];
  pending: string[];
  failed: MigrationRecord[];
  /** Applied, but the file no longer matches the recorded checksum. */
  modified: string[];
  /** Recorded as applied, but no such folder exists locally. */
  missingLocally: string[];
  upToDate: boolean;
}

/** Read-only diagnosis, like `prisma migrate status`; takes no lock and creates nothing. */
export async function status(options: MigratorOptions): Promise<StatusReport> {
  const files = listMigrations(options.migrationsDir);
  const client = new Client({ connectionString: options.databaseUrl, application_name: 'orion-db-migrate' });
  await client.connect();
  try {
    const repo = new MigrationRepository(client);
    const initialized = await repo.tableExists();
    const records = await repo.list();
    const live = records.filter((r) => r.rolledBackAt === null);
    const finished = live.filter((r) => r.finishedAt !== null);
    const failed = failedRecords(records);
    const byName = new Map(files.map((f) => [f.name, f]));
    const recorded = new Set(live.map((r) => r.migrationName));
    const modified = finished
      .filter(
        (r) =>
          byName.has(r.migrationName) &&
          !scriptMatchesChecksum(byName.get(r.migrationName)!.script, r.checksum),
      )
      .map((r) => r.migrationName);
    const missingLocally = finished.filter((r) => !byName.has(r.migrationName)).map((r) => r.migrationName);
    const pending = files.filter((f) => !recorded.has(f.name)).map((f) => f.name);
    return {
      initialized,
      applied: finished.map((r) => ({ name: r.migrationName, finishedAt: r.finishedAt! })),
      pending,
      failed,
      modified,
      missingLocally,
      upToDate: pending.length === 0 && failed.length === 0 && missingLocally.length === 0,
    };
  } finally {
    await client.end();
  }
}

function resolveHint(name: string, options: MigratorOptions): string {
  return [
    `Fix the cause, then record what happened before deploying again:`,
    `  ${prefix(options)} resolve --rolled-back ${name}   its changes are not in the database; deploy retries it`,
    `  ${prefix(options)} resolve --applied ${name}       you completed its changes by hand`,
  ].join('\n');
}

/** `prisma migrate resolve --rolled-back`: marks the failed attempts so deploy runs it again. */
export async function resolveRolledBack(options: MigratorOptions, name: string): Promise<void> {
  await withLockedRepository(options, async (repo) => {
    const relevant = (await repo.list()).filter((r) => r.migrationName === name && r.rolledBackAt === null);
    if (relevant.length === 0) {
      throw new MigrationError(
        'NOT_APPLIED',
        `Migration \`${name}\` cannot be rolled back because it was never applied to the database (give the whole folder name, e.g. 20261126000000_init).`,
      );
    }
    const unfinished = relevant.filter((r) => r.finishedAt === null);
    if (unfinished.length === 0) {
      throw new MigrationError(
        'NOT_FAILED',
        `Migration \`${name}\` cannot be rolled back because it is not in a failed state.`,
      );
    }
    for (const record of unfinished) await repo.markRolledBack(record.id);
  });
}

/** `prisma migrate resolve --applied`: records the migration as applied without running it. */
export async function resolveApplied(options: MigratorOptions, name: string): Promise<void> {
  assertPostgresProvider(options.migrationsDir);
  const file = listMigrations(options.migrationsDir).find((f) => f.name === name);
  if (!file) {
    throw new MigrationError(
      'MIGRATION_NOT_FOUND',
      `The migration ${name} could not be found in ${options.migrationsDir}; give the whole folder name, e.g. 20261126000000_init.`,
    );
  }
  await withLockedRepository(options, async (repo) => {
    // Baselining an existing database is the point of --applied, so no emptiness check here.
    if (!(await repo.tableExists())) await repo.createTable();
    const relevant = (await repo.list()).filter((r) => r.migrationName === name);
    if (relevant.some((r) => r.finishedAt !== null)) {
      throw new MigrationError(
        'ALREADY_APPLIED',
        `The migration \`${name}\` is already recorded as applied in the database.`,
      );
    }
    for (const record of failedRecords(relevant)) await repo.markRolledBack(record.id);
    await repo.insertApplied(name, checksumOf(file.script));
  });
}
