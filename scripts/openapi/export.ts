/**
 * Writes openapi/<service>.json from the code (npm run openapi), or with --check exits 1 naming
 * every committed document that differs from what the code produces (npm run openapi -- --check).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import {
  buildServiceDocument,
  canonicalDocument,
  DOCUMENTED_SERVICES,
  documentPath,
  OPENAPI_DIR,
  ROOT,
} from './openapi-documents';

async function render(file: string, document: unknown): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(JSON.stringify(document), { ...options, filepath: file });
}

async function main(check: boolean): Promise<number> {
  const drifted: string[] = [];
  mkdirSync(OPENAPI_DIR, { recursive: true });
  for (const service of DOCUMENTED_SERVICES) {
    const file = documentPath(service);
    const text = await render(file, canonicalDocument(await buildServiceDocument(service)));
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (committed === text) continue;
    drifted.push(relative(ROOT, file));
    if (!check) writeFileSync(file, text);
  }
  if (!check) {
    process.stdout.write(
      drifted.length ? `Wrote ${drifted.join(', ')}\n` : 'OpenAPI documents are up to date\n',
    );
    return 0;
  }
  if (drifted.length === 0) return 0;
  process.stderr.write(
    `OpenAPI documents differ from the code: ${drifted.join(', ')}\nRun \`npm run openapi\` and commit the result.\n`,
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
