import { Client } from 'pg';
import { assertPostgresProvider, checksumOf, listMigrations, MigrationFile, scriptMatchesChecksum } from './migration-files';
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
  constructor(readonly code: MigrationErrorCode, message: string) {
    super(message);
  }
}

const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

async function withLockedRepository<T>(options: MigratorOptions, run: (repo: MigrationRepository) => Promise<T>): Promise<T> {
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
    'Fix the cause, then record what happened before deploying again:',
    `  ${prefix(options)} resolve --rolled-back ${name}   its changes are not in the database (a failed migration's transaction was rolled back); deploy retries it`,
    `  ${prefix(options)} resolve --applied ${name}       you completed its changes by hand`,
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
    if (failed.length > 0) throw new MigrationError('FAILED_MIGRATIONS_FOUND', failedMigrationsMessage(failed, options));

    // Read under the lock: a concurrent run may have applied some of them meanwhile.
    const done = new Set(records.filter((r) => r.rolledBackAt === null).map((r) => r.migrationName));
    const pending = files.filter((file) => !done.has(file.name));
    const applied: string[] = [];
    const client = repo['client' as keyof MigrationRepository] as unknown as Client;
    for (const migration of pending) {
      const id = await repo.recordStarted(migration.name, migration.checksum);
      try {
        await client.query('BEGIN');
        await client.query(migration.script);
        await repo.recordFinished(id);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const logs = failureLogs(migration, error);
        await repo.recordFailed(id, logs);
        throw new MigrationError('MIGRATION_FAILED', `${logs}\n\n${failedMigrationsMessage([{ ...(await repo.list()).find((r) => r.id === id)! }], options)}`);
      }
      applied.push(migration.name);
      output.success(`Applied ${migration.name}`);
    }
    return { applied };
  });
}
