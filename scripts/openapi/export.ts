/**
 * Writes openapi/<service>.json from the code (npm run openapi), or with --check exits 1 naming
 * every committed document that differs from what the code produces (npm run openapi -- --check).
 */
import { format, resolveConfig } from 'prettier';
import { runGenerator } from '../lib/generated-files';
import {
  buildServiceDocument,
  canonicalDocument,
  DOCUMENTED_SERVICES,
  documentPath,
} from './openapi-documents';

async function render(file: string, document: unknown): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(JSON.stringify(document), { ...options, filepath: file });
}

runGenerator({
  what: 'OpenAPI documents',
  source: 'the code',
  command: 'npm run openapi',
  files: DOCUMENTED_SERVICES.map((service) => {
    const path = documentPath(service);
    return { path, render: async () => render(path, canonicalDocument(await buildServiceDocument(service))) };
  }),
});
