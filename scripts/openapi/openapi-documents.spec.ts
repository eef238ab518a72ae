import { existsSync, readFileSync } from 'node:fs';
import {
  buildServiceDocument,
  canonicalDocument,
  DOCUMENTED_SERVICES,
  documentPath,
} from './openapi-documents';

// CI fails here when a route, DTO or decorator changes without `npm run openapi` being run.
describe('committed OpenAPI documents (openapi/*.json)', () => {
  it.each(DOCUMENTED_SERVICES)('openapi/%s.json is what the code produces', async (service) => {
    const file = documentPath(service);
    expect(existsSync(file)).toBe(true);
    const committed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    expect(committed).toEqual(canonicalDocument(await buildServiceDocument(service)));
  });
});
