import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortedKeys } from '../../scripts/openapi/sorted-keys';
import {
  operationsOf,
  Platform,
  PlatformService,
  responseValidator,
  ServiceHandle,
  startPlatform,
} from './harness';
import { signInAsSampleAdmin } from './journeys/journey-client';

const SERVICES: PlatformService[] = ['auth', 'user', 'notification'];
const CREDENTIAL_MISSING = ['TOKEN_MISSING', 'API_KEY_MISSING', 'CREDENTIALS_MISSING'];
// Stands in for every path parameter: the guards answer before any lookup.
const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** Read routes whose answers must be among those checked, so a filter cannot quietly skip them. */
const MAIN_READS: Record<PlatformService, string[]> = {
  auth: ['/api/v1/auth/session', '/api/v1/devices', '/api/v1/two-factor', '/api/v1/security-events'],
  user: [
    '/api/v1/users/me',
    '/api/v1/users/me/sessions',
    '/api/v1/roles',
    '/api/v1/users/me/api-keys',
    '/api/v1/audit-logs',
  ],
  notification: [
    '/api/v1/notifications',
    '/api/v1/templates',
    '/api/v1/inbox',
    '/api/v1/push-subscriptions',
    '/api/v1/webhook-endpoints',
  ],
};

function committed(service: PlatformService): any {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi', `${service}.json`), 'utf8'));
}

async function call(
  service: ServiceHandle,
  method: string,
  path: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${service.baseUrl}${path.replace(/\{[^}]+\}/g, SOME_ID)}`, {
    method: method.toUpperCase(),
    headers: { 'user-agent': 'openapi-contract/1.0', ...headers },
  });
  const type = response.headers.get('content-type') ?? '';
  const body: any = type.includes('json') ? await response.json() : undefined;
  if (!type.includes('event-stream')) await response.body?.cancel().catch(() => undefined);
  return { status: response.status, type, body };
}

describe('the OpenAPI documents against the running services', () => {
  let platform: Platform;
  let adminToken: string;

  beforeAll(async () => {
    platform = await startPlatform({ seed: true, logLevel: 'warn' });
    adminToken = await signInAsSampleAdmin(platform.auth);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it.each(SERVICES)('%s serves at /docs-json exactly its committed openapi document', async (service) => {
    const served = await call(platform[service], 'GET', '/docs-json');
    expect(served.status).toBe(200);
    expect(sortedKeys(served.body)).toEqual(committed(service));
  });

  // Guarded routes refuse a call without credentials before anything else, with a documented
  // code; public ones never do.
  it.each(SERVICES)('%s declares security on exactly the routes its guards protect', async (service) => {
    const mismatches: string[] = [];
    for (const operation of operationsOf(committed(service))) {
      // `{}` among the alternatives: public, but the handler reads a token when one comes.
      const optional = operation.security?.some((requirement) => Object.keys(requirement).length === 0);
      if (optional) continue;
      const requiresCredentials = (operation.security?.length ?? 0) > 0;
      const answer = await call(platform[service], operation.method, operation.path);
      const refused = answer.status === 401 && CREDENTIAL_MISSING.includes(answer.body?.code);
      // A typed client switches on the documented codes: the one answered must be among them.
      const documented = Object.keys(
        operation.responses['401']?.content?.['application/problem+json']?.examples ?? {},
      );
      const undocumented = refused && !documented.includes(answer.body.code);
      if (refused !== requiresCredentials || undocumented) {
        mismatches.push(
          `${operation.method.toUpperCase()} ${operation.path}: ${answer.status} ${answer.body?.code}` +
            (undocumented ? ` (documented: ${documented.join(', ') || 'none'})` : ''),
        );
      }
    }
    expect(mismatches).toEqual([]);
  });

  // Every read route without required inputs, called as the seeded super-administrator.
  it.each(SERVICES)(
    '%s answers its read routes with bodies that match the documented schema',
    async (service) => {
      const document = committed(service);
      const validatorFor = responseValidator(document);
      const checked: string[] = [];
      const failures: string[] = [];
      for (const operation of operationsOf(document)) {
        const reads = operation.method === 'get' && !operation.path.includes('{');
        const bearer = operation.security?.some((requirement) => 'bearer' in requirement);
        const inputs = operation.parameters?.some((p) => p.required && p.in !== 'path');
        const schema = operation.responses['200']?.content?.['application/json']?.schema;
        if (!reads || !bearer || inputs || !schema) continue;
        const answer = await call(platform[service], 'get', operation.path, {
          authorization: `Bearer ${adminToken}`,
        });
        if (!answer.type.includes('json')) continue;
        checked.push(operation.path);
        const validate = validatorFor(schema);
        if (answer.status !== 200)
          failures.push(`${operation.path}: ${answer.status} ${JSON.stringify(answer.body)}`);
        else if (!validate(answer.body))
          failures.push(`${operation.path}: ${JSON.stringify(validate.errors)}`);
      }
      expect(failures).toEqual([]);
      expect(checked).toEqual(expect.arrayContaining(MAIN_READS[service]));
    },
  );
});
