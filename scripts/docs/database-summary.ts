/**
 * Writes docs/DATABASE_IMPLEMENTATION.md from the three Prisma schemas and the seed data.
 *   tsx scripts/docs/database-summary.ts --write   regenerate the file
 *   tsx scripts/docs/database-summary.ts --check   exit 1 when the committed file is stale
 * Prisma's own schema parser ships only inside its CLI bundle (not importable without running
 * the CLI), so the schema text is read here: model and enum blocks, field lines and the
 * @id/@unique/@@id/@@unique/@@index attributes, which is all this summary needs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AUTH_SEED_COUNTS, RATE_LIMITS, TRUSTED_DEVICES } from '../../prisma/auth/seed-data';
import { NOTIFICATION_SEED_COUNTS, TEMPLATES, TEMPLATE_LOCALES } from '../../prisma/notification/seed-data';
import {
  ROLE_PERMISSIONS,
  SYSTEM_PERMISSIONS,
  SYSTEM_ROLES,
  USER_SEED_COUNTS,
} from '../../prisma/user/seed-data';

export const SERVICES = ['auth', 'user', 'notification'] as const;
export type Service = (typeof SERVICES)[number];

const ROOT = resolve(__dirname, '..', '..');
export const OUTPUT_FILE = join(ROOT, 'docs', 'DATABASE_IMPLEMENTATION.md');

export interface SchemaField {
  name: string;
  column: string;
  type: string;
  kind: 'scalar' | 'enum' | 'relation';
}

export interface SchemaIndex {
  kind: 'primary' | 'unique' | 'index';
  columns: string[];
}

export interface SchemaModel {
  name: string;
  table: string;
  fields: SchemaField[];
  indexes: SchemaIndex[];
}

export interface SchemaEnum {
  name: string;
  values: string[];
}

export interface SchemaOutline {
  models: SchemaModel[];
  enums: SchemaEnum[];
}

/** The line without its `//` or `///` comment; a `//` inside a string literal is kept. */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && inString) i++;
    else if (c === '"') inString = !inString;
    else if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}

/** Field names in the first `[...]` of an attribute, without sort or length arguments. */
function fieldList(attribute: string): string[] {
  const open = attribute.indexOf('[');
  if (open < 0) return [];
  let depth = 0;
  let close = open;
  for (; close < attribute.length; close++) {
    if (attribute[close] === '[' || attribute[close] === '(') depth++;
    if (attribute[close] === ']' || attribute[close] === ')') depth--;
    if (depth === 0) break;
  }
  const parts: string[] = [];
  let current = '';
  depth = 0;
  for (const c of attribute.slice(open + 1, close)) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim().split('(')[0]!.trim()).filter((p) => p !== '');
}

function mapArgument(text: string, attribute: '@map' | '@@map'): string | undefined {
  const pattern = attribute === '@map' ? /(?<!@)@map\(\s*"([^"]+)"/ : /@@map\(\s*"([^"]+)"/;
  return pattern.exec(text)?.[1];
}

export function parseSchema(source: string): SchemaOutline {
  const lines = source.split(/\r?\n/).map((l) => stripComment(l).trim());
  const blocks: { kind: 'model' | 'enum'; name: string; body: string[] }[] = [];
  let current: { kind: 'model' | 'enum'; name: string; body: string[] } | null = null;
  let skipping = false;
  for (const line of lines) {
    if (current) {
      if (line === '}') {
        blocks.push(current);
        current = null;
      } else if (line !== '') current.body.push(line);
      continue;
    }
    if (skipping) {
      if (line === '}') skipping = false;
      continue;
    }
    const start = /^(model|enum|view|type|generator|datasource)\s+(\w+)\s*\{$/.exec(line);
    if (!start) continue;
    if (start[1] === 'model' || start[1] === 'enum') current = { kind: start[1], name: start[2]!, body: [] };
    else skipping = true;
  }
  if (current) throw new Error(`${current.kind} ${current.name} has no closing brace`);

  const enumNames = new Set(blocks.filter((b) => b.kind === 'enum').map((b) => b.name));
  const modelNames = new Set(blocks.filter((b) => b.kind === 'model').map((b) => b.name));
  const enums = blocks
    .filter((b) => b.kind === 'enum')
    .map((b) => ({
      name: b.name,
      values: b.body.filter((l) => !l.startsWith('@@')).map((l) => l.split(/\s+/)[0]!),
    }));

  const models = blocks
    .filter((b) => b.kind === 'model')
    .map((b) => {
      const fields: SchemaField[] = [];
      const indexes: SchemaIndex[] = [];
      const attributes: string[] = [];
      for (const line of b.body) {
        if (line.startsWith('@@')) {
          attributes.push(line);
          continue;
        }
        const [name, rawType] = line.split(/\s+/);
        if (!name || !rawType) throw new Error(`cannot read the field line "${line}" in model ${b.name}`);
        const type = rawType.replace(/[?[\]]/g, '');
        const kind = modelNames.has(type) ? 'relation' : enumNames.has(type) ? 'enum' : 'scalar';
        const column = mapArgument(line, '@map') ?? name;
        fields.push({ name, column, type, kind });
        if (/@id\b/.test(line)) indexes.push({ kind: 'primary', columns: [column] });
        if (/@unique\b/.test(line)) indexes.push({ kind: 'unique', columns: [column] });
      }
      const columnOf = (field: string) => fields.find((f) => f.name === field)?.column ?? field;
      for (const attribute of attributes) {
        const kind = /^@@id\b/.test(attribute)
          ? 'primary'
          : /^@@unique\b/.test(attribute)
            ? 'unique'
            : /^@@index\b/.test(attribute)
              ? 'index'
              : null;
        if (kind) indexes.push({ kind, columns: fieldList(attribute).map(columnOf) });
      }
      const table = attributes.map((a) => mapArgument(a, '@@map')).find((t) => t !== undefined) ?? b.name;
      return { name: b.name, table, fields, indexes };
    });
  return { models, enums };
}

/** Seed records per model name, from the declarative seed data (no database needed). */
export const SEED_COUNTS: Record<Service, Record<string, number>> = {
  auth: AUTH_SEED_COUNTS,
  user: USER_SEED_COUNTS,
  notification: NOTIFICATION_SEED_COUNTS,
};

const count = (model: SchemaModel, kind: SchemaIndex['kind']) =>
  model.indexes.filter((i) => i.kind === kind).length;

function table(header: string[], rows: (string | number)[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

interface ServiceTotals {
  models: number;
  enums: number;
  indexes: number;
  uniques: number;
  seedRecords: number;
}

function serviceTotals(outline: SchemaOutline, seeds: Record<string, number>): ServiceTotals {
  return {
    models: outline.models.length,
    enums: outline.enums.length,
    indexes: outline.models.reduce((n, m) => n + count(m, 'index'), 0),
    uniques: outline.models.reduce((n, m) => n + count(m, 'unique'), 0),
    seedRecords: Object.values(seeds).reduce((n, c) => n + c, 0),
  };
}

function serviceSection(service: Service, outline: SchemaOutline, seeds: Record<string, number>): string[] {
  const unknown = Object.keys(seeds).filter((m) => !outline.models.some((model) => model.name === m));
  if (unknown.length > 0)
    throw new Error(`seed counts name models missing from the ${service} schema: ${unknown.join(', ')}`);
  const out = [
    `## ${service}`,
    '',
    `Schema: \`prisma/${service}/schema.prisma\`; seed: \`prisma/${service}/seed-data.ts\`.`,
    '',
  ];
  out.push('### Models', '');
  out.push(
    ...table(
      ['Model', 'Table', 'Fields', 'Columns', 'Relations', 'Unique', 'Indexes', 'Seed records'],
      outline.models.map((m) => {
        const columns = m.fields.filter((f) => f.kind !== 'relation').length;
        return [
          m.name,
          `\`${m.table}\``,
          m.fields.length,
          columns,
          m.fields.length - columns,
          count(m, 'unique'),
          count(m, 'index'),
          seeds[m.name] ?? 0,
        ];
      }),
    ),
    '',
  );
  out.push(
    '### Unique constraints and indexes',
    '',
    'Primary keys are left out: every table has one, on `id`.',
    '',
  );
  for (const m of outline.models) {
    const defs = m.indexes
      .filter((i) => i.kind !== 'primary')
      .map((i) => `${i.kind === 'unique' ? 'UNIQUE' : 'INDEX'} (${i.columns.join(', ')})`);
    out.push(`- \`${m.table}\`: ${defs.length > 0 ? defs.join('; ') : 'none'}`);
  }
  out.push('', '### Enums', '');
  out.push(
    ...table(
      ['Enum', 'Values', 'Count'],
      outline.enums.map((e) => [e.name, e.values.join(', '), e.values.length]),
    ),
    '',
  );
  return out;
}

function seedDetails(): string[] {
  const out = ['## Seed data', '', '### Roles (user)', ''];
  out.push(
    'A role inherits every permission of its parent; each permission is granted once, to the least privileged role that needs it.',
    '',
  );
  const effective = new Map<string, number>();
  out.push(
    ...table(
      ['Role', 'Parent', 'Priority', 'Direct permissions', 'Effective'],
      SYSTEM_ROLES.map((r) => {
        const direct = ROLE_PERMISSIONS.filter((rp) => rp.role === r.slug).map((rp) => rp.permission);
        const total = direct.length + (r.parent ? (effective.get(r.parent) ?? 0) : 0);
        effective.set(r.slug, total);
        return [`\`${r.slug}\``, r.parent ? `\`${r.parent}\`` : '–', r.priority, direct.join(', '), total];
      }),
    ),
    '',
    '### Permissions (user)',
    '',
  );
  const categories = [...new Set(SYSTEM_PERMISSIONS.map((p) => p.category))];
  out.push(
    ...table(
      ['Category', 'Permissions'],
      categories.map((c) => [
        c,
        SYSTEM_PERMISSIONS.filter((p) => p.category === c)
          .map((p) => `${p.resource}:${p.action}`)
          .join(', '),
      ]),
    ),
    '',
    '### Templates (notification)',
    '',
  );
  out.push(
    ...table(
      ['Key', 'Category', 'Channels', 'Locales', 'Variables'],
      TEMPLATES.map((t) => [
        `\`${t.key}\``,
        t.category,
        Object.keys(t.content).join(', '),
        TEMPLATE_LOCALES.join(', '),
        Object.keys(t.variables).join(', '),
      ]),
    ),
    '',
    '### Rate limits (auth)',
    '',
  );
  out.push(
    ...table(
      ['Key', 'Endpoint', 'Scope', 'Limit', 'Window (s)', 'Block (s)'],
      RATE_LIMITS.map((r) => [
        `\`${r.key}\``,
        `\`${r.endpoint}\``,
        r.scope,
        r.limit,
        r.windowSeconds,
        r.blockDurationSeconds,
      ]),
    ),
    '',
    `Trusted devices (auth): ${TRUSTED_DEVICES.length}, belonging to the sample accounts of \`prisma/sample-accounts.ts\`.`,
    '',
  );
  return out;
}

/** The whole document for the given schema texts; deterministic, so --check can compare it. */
export function renderDatabaseSummary(
  schemas: Record<Service, string>,
  seedCounts: Record<Service, Record<string, number>> = SEED_COUNTS,
): string {
  const outlines = Object.fromEntries(SERVICES.map((s) => [s, parseSchema(schemas[s])])) as Record<
    Service,
    SchemaOutline
  >;
  const totals = SERVICES.map((s) => ({ service: s, ...serviceTotals(outlines[s], seedCounts[s]) }));
  const sum = (key: keyof ServiceTotals) => totals.reduce((n, t) => n + t[key], 0);
  const lines = [
    '# Database implementation',
    '',
    '<!-- Generated by scripts/docs/database-summary.ts from prisma/*/schema.prisma and prisma/*/seed-data.ts. Do not edit; run `tsx scripts/docs/database-summary.ts --write`. -->',
    '',
    'Each service owns one PostgreSQL database. "Unique" counts unique constraints (`@unique`, `@@unique`); "Indexes" counts the other secondary indexes (`@@index`); primary keys are not counted.',
    '',
    '## Totals',
    '',
    ...table(
      ['Service', 'Models', 'Enums', 'Unique', 'Indexes', 'Seed records'],
      [
        ...totals.map((t) => [t.service, t.models, t.enums, t.uniques, t.indexes, t.seedRecords]),
        ['**all**', sum('models'), sum('enums'), sum('uniques'), sum('indexes'), sum('seedRecords')],
      ],
    ),
    '',
    ...SERVICES.flatMap((s) => serviceSection(s, outlines[s], seedCounts[s])),
    ...seedDetails(),
  ];
  return lines.join('\n');
}

export function readSchemas(root = ROOT): Record<Service, string> {
  return Object.fromEntries(
    SERVICES.map((s) => [s, readFileSync(join(root, 'prisma', s, 'schema.prisma'), 'utf8')]),
  ) as Record<Service, string>;
}

export function generateDatabaseSummary(root = ROOT): string {
  return renderDatabaseSummary(readSchemas(root));
}

function main(argv: string[]): number {
  const mode = argv.includes('--write') ? 'write' : argv.includes('--check') ? 'check' : null;
  if (!mode) {
    console.error('Usage: tsx scripts/docs/database-summary.ts --write | --check');
    return 2;
  }
  const expected = generateDatabaseSummary();
  if (mode === 'write') {
    writeFileSync(OUTPUT_FILE, expected);
    console.log(`wrote ${OUTPUT_FILE}`);
    return 0;
  }
  let committed = '';
  try {
    committed = readFileSync(OUTPUT_FILE, 'utf8');
  } catch {
    // A missing file is stale like any other.
  }
  if (committed === expected) {
    console.log('docs/DATABASE_IMPLEMENTATION.md is up to date');
    return 0;
  }
  console.error(
    'docs/DATABASE_IMPLEMENTATION.md is stale: run `tsx scripts/docs/database-summary.ts --write`',
  );
  return 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
