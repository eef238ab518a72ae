/**
 * Writes libs/client/src/generated/<service>.ts from openapi/<service>.json (npm run client:types),
 * or with --check exits 1 naming every committed file that differs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CLIENT_SERVICES, CLIENT_TYPES_DIR, clientTypesPath, renderClientTypes, ROOT } from './client-types';

async function main(check: boolean): Promise<number> {
  const drifted: string[] = [];
  mkdirSync(CLIENT_TYPES_DIR, { recursive: true });
  for (const service of CLIENT_SERVICES) {
    const file = clientTypesPath(service);
    const text = await renderClientTypes(service);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    drifted.push(relative(ROOT, file));
    if (!check) writeFileSync(file, text);
  }
  if (!check) {
    process.stdout.write(drifted.length ? `Wrote ${drifted.join(', ')}\n` : 'Client types are up to date\n');
    return 0;
  }
  if (drifted.length === 0) return 0;
  process.stderr.write(
    `Client types differ from openapi/*.json: ${drifted.join(', ')}\nRun \`npm run client:types\` and commit the result.\n`,
  );
  return 1;
}

main(process.argv.includes('--check')).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
