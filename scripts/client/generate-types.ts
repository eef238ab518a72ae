/**
 * Writes libs/client/src/generated/<service>.ts from openapi/<service>.json (npm run client:types),
 * or with --check exits 1 naming every committed file that differs.
 */
import { runGenerator } from '../lib/generated-files';
import { CLIENT_SERVICES, clientTypesPath, renderClientTypes } from './client-types';

runGenerator({
  what: 'Client types',
  source: 'openapi/*.json',
  command: 'npm run client:types',
  files: CLIENT_SERVICES.map((service) => ({
    path: clientTypesPath(service),
    render: () => renderClientTypes(service),
  })),
});
