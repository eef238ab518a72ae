import { DatabaseSnapshot, snapshotDatabase, TableShape } from './catalog-snapshot';
import { createScratchDatabase, dropDatabase, executeSql } from './database-admin';
import { deploy } from './migrator';
import { loadSchemaSql } from './schema-source';
import { ServiceName, servicePaths } from './services';

export { snapshotDatabase } from './catalog-snapshot';
export type { DatabaseSnapshot } from './catalog-snapshot';

/** Drift: the committed migrations build something other than what the Prisma schema declares. */
export interface SnapshotLabels {
  expected: string;
  actual: string;
}

const DEFAULT_LABELS: SnapshotLabels = { expected: 'schema', actual: 'migrations' };

const show = (value: unknown) => (value === null || value === undefined ? 'none' : JSON.stringify(value));

function compareKeys<T>(
  kind: string,
  expected: Record<string, T>,
  actual: Record<string, T>,
  labels: SnapshotLabels,
  compareBoth: (name: string, e: T, a: T) => string[],
): string[] {
  const out: string[] = [];
  for (const name of Object.keys(expected).sort()) {
    if (!(name in actual)) out.push(`${kind} ${name}: in ${labels.expected}, missing from ${labels.actual}`);
    else out.push(...compareBoth(name, expected[name]!, actual[name]!));
  }
  for (const name of Object.keys(actual).sort()) {
    if (!(name in expected))
      out.push(`${kind} ${name}: in ${labels.actual}, missing from ${labels.expected}`);
  }
  return out;
}

function compareFields(what: string, expected: object, actual: object, labels: SnapshotLabels): string[] {
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  return Object.keys(e)
    .filter((field) => JSON.stringify(e[field]) !== JSON.stringify(a[field]))
    .map(
      (field) =>
        `${what}: ${field} is ${show(e[field])} in ${labels.expected}, ${show(a[field])} in ${labels.actual}`,
    );
}

function compareTables(table: string, e: TableShape, a: TableShape, labels: SnapshotLabels): string[] {
  const q = (name: string) => `"${table}"."${name}"`;
  const out = compareKeys(
    'column',
    prefixKeys(e.columns, q),
    prefixKeys(a.columns, q),
    labels,
    (name, ec, ac) => compareFields(`column ${name}`, ec, ac, labels),
  );
  out.push(
    ...compareFields(
      `primary key of "${table}"`,
      { primaryKey: e.primaryKey },
      { primaryKey: a.primaryKey },
      labels,
    ),
  );
  out.push(
    ...compareKeys('index', prefixKeys(e.indexes, q), prefixKeys(a.indexes, q), labels, (name, ei, ai) =>
      compareFields(`index ${name}`, ei, ai, labels),
    ),
  );
  out.push(
    ...compareKeys(
      'foreign key',
      prefixKeys(e.foreignKeys, q),
      prefixKeys(a.foreignKeys, q),
      labels,
      (name, ef, af) => compareFields(`foreign key ${name}`, ef, af, labels),
    ),
  );
  return out;
}

function prefixKeys<T>(record: Record<string, T>, name: (key: string) => string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [name(key), value]));
}

/** Every difference as one readable line; an empty list means no drift. */
export function compareSnapshots(
  expected: DatabaseSnapshot,
  actual: DatabaseSnapshot,
  labels: SnapshotLabels = DEFAULT_LABELS,
): string[] {
  const q = (name: string) => `"${name}"`;
  return [
    ...compareKeys('enum', prefixKeys(expected.enums, q), prefixKeys(actual.enums, q), labels, (name, e, a) =>
      compareFields(`enum ${name}`, { values: e }, { values: a }, labels),
    ),
    ...compareKeys(
      'table',
      prefixKeys(expected.tables, q),
      prefixKeys(actual.tables, q),
      labels,
      (name, e, a) => compareTables(name.slice(1, -1), e, a, labels),
    ),
  ];
}

export interface DriftOptions {
  /** Any URL on the server to use for scratch databases. */
  serverUrl?: string;
  schemaPath?: string;
  migrationsDir?: string;
  /** SQL that builds the expected schema from empty; defaults to schemaToSql(schemaPath). */
  expectedSql?: (scratchUrl: string) => Promise<string>;
}

export interface DriftReport {
  differences: string[];
}

export function defaultServerUrl(service?: ServiceName): string {
  const fromService = service ? process.env[servicePaths(service).envVar] : undefined;
  return (
    fromService || process.env.TEST_DATABASE_ADMIN_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'
  );
}

/** Builds both sides in scratch databases, compares their catalogs, then drops them. */
export async function checkDrift(service: ServiceName, options: DriftOptions = {}): Promise<DriftReport> {
  const paths = servicePaths(service);
  const schemaPath = options.schemaPath ?? paths.schema;
  const migrationsDir = options.migrationsDir ?? paths.migrations;
  const expectedSql =
    options.expectedSql ?? ((url: string) => loadSchemaSql().schemaToSql(schemaPath, { databaseUrl: url }));
  return compareMigrationsWithSql(migrationsDir, expectedSql, options.serverUrl ?? defaultServerUrl(service));
}

export async function compareMigrationsWithSql(
  migrationsDir: string,
  expectedSql: (scratchUrl: string) => Promise<string>,
  serverUrl: string,
): Promise<DriftReport> {
  const created: string[] = [];
  try {
    const fromMigrations = await createScratchDatabase(serverUrl, 'drift_migrations');
    created.push(fromMigrations);
    const fromSchema = await createScratchDatabase(serverUrl, 'drift_schema');
    created.push(fromSchema);
    await deploy({ databaseUrl: fromMigrations, migrationsDir });
    await executeSql(fromSchema, await expectedSql(fromSchema));
    const [expected, actual] = await Promise.all([
      snapshotDatabase(fromSchema),
      snapshotDatabase(fromMigrations),
    ]);
    return { differences: compareSnapshots(expected, actual) };
  } finally {
    for (const url of created) await dropDatabase(url).catch(() => undefined);
  }
}
