import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One folder of prisma/<svc>/migrations, as `prisma migrate deploy` sees it. */
export interface MigrationFile {
  name: string;
  path: string;
  script: string;
  checksum: string;
}

export class MigrationFilesError extends Error {}

/** Hex SHA-256 of the script, zero-padded: what Prisma stores in `_prisma_migrations.checksum`. */
export function checksumOf(script: string | Buffer): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Prisma accepts a recorded checksum when the file matches it with its line endings as they are,
 * turned to LF, or turned to CRLF, because git may rewrite them on checkout.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const candidates = [script, script.replace(/\r\n/g, '\n'), script.replace(/\n/g, '\r\n')];
  return candidates.some((candidate) => checksumOf(candidate) === checksum);
}

/** Migration folders sorted by name; files such as migration_lock.toml are not migrations. */
export function listMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const path = join(migrationsDir, name, 'migration.sql');
      if (!existsSync(path)) {
        throw new MigrationFilesError(
          `Could not find the migration file at ${path}. Delete the folder or restore the file.`,
        );
      }
      const script = readFileSync(path, 'utf8');
      return { name, path, script, checksum: checksumOf(script) };
    });
}

/** Reads `provider = "..."` from migration_lock.toml, or undefined when there is no lock file. */
export function lockedProvider(migrationsDir: string): string | undefined {
  const path = join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(path)) return undefined;
  const match = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(path, 'utf8'));
  return match?.[1];
}

/** Prisma refuses to apply migrations written for another provider (its P3019). */
export function assertPostgresProvider(migrationsDir: string): void {
  const provider = lockedProvider(migrationsDir);
  if (provider !== undefined && provider !== 'postgresql') {
    throw new MigrationFilesError(
      `${join(migrationsDir, 'migration_lock.toml')} names provider "${provider}", but these migrations are applied to PostgreSQL.`,
    );
  }
}
