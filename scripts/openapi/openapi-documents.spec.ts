import { existsSync, readFileSync } from 'node:fs';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@orion/core';
import {
  buildServiceDocument,
  canonicalDocument,
  DOCUMENTED_SERVICES,
  documentPath,
} from './openapi-documents';

interface PropertySchema {
  type?: string;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  example?: unknown;
  properties?: unknown;
  additionalProperties?: unknown;
  allOf?: unknown;
}

interface Operation {
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { examples?: Record<string, unknown> }> }>;
}

function operationsOf(document: any): Array<[string, Operation]> {
  return Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item).map(
      ([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation],
    ),
  );
}

/** Every schema in the document, components and inline ones alike, with where it is. */
function schemasOf(node: unknown, at = '#'): Array<[string, Record<string, unknown>]> {
  if (node === null || typeof node !== 'object') return [];
  const own: Array<[string, Record<string, unknown>]> =
    (node as { type?: unknown }).type === 'object' ? [[at, node as Record<string, unknown>]] : [];
  return [...own, ...Object.entries(node).flatMap(([key, child]) => schemasOf(child, `${at}/${key}`))];
}

// The code the guards answer a call without credentials, by the alternatives a route accepts.
const MISSING_CREDENTIALS: Record<string, string> = {
  bearer: 'TOKEN_MISSING',
  'api-key': 'API_KEY_MISSING',
  'api-key|bearer': 'CREDENTIALS_MISSING',
};

function committedDocument(service: (typeof DOCUMENTED_SERVICES)[number]): any {
  return JSON.parse(readFileSync(documentPath(service), 'utf8'));
}

// CI fails here when a route, DTO or decorator changes without `npm run openapi` being run.
describe('committed OpenAPI documents (openapi/*.json)', () => {
  it.each(DOCUMENTED_SERVICES)('openapi/%s.json is what the code produces', async (service) => {
    expect(existsSync(documentPath(service))).toBe(true);
    expect(committedDocument(service)).toEqual(canonicalDocument(await buildServiceDocument(service)));
  });

  // `x: string | null` reaches Swagger as Object; without an explicit type it is documented as one.
  it.each(DOCUMENTED_SERVICES)('%s documents nullable scalars with their own type, not object', (service) => {
    const schemas: Record<string, { properties?: Record<string, PropertySchema> }> =
      committedDocument(service).components.schemas;
    const objectsWithScalarExamples = Object.entries(schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(
          ([, property]) =>
            property.nullable === true &&
            property.type === 'object' &&
            !property.properties &&
            !property.additionalProperties &&
            !property.allOf &&
            (property.example === undefined || typeof property.example !== 'object'),
        )
        .map(([key]) => `${name}.${key}`),
    );
    expect(objectsWithScalarExamples).toEqual([]);
  });

  // One limit: every password field states the policy's numbers (a new one also its minimum).
  it.each(DOCUMENTED_SERVICES)('%s documents every password with the policy’s limits', (service) => {
    const schemas: Record<string, { properties?: Record<string, PropertySchema> }> =
      committedDocument(service).components.schemas;
    const limits = Object.entries(schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([key]) => /password$/i.test(key))
        .map(([key, property]) => [
          `${name}.${key}`,
          property.minLength ?? MIN_PASSWORD_LENGTH,
          property.maxLength,
        ]),
    );
    for (const [field, min, max] of limits)
      expect([field, min, max]).toEqual([field, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH]);
  });

  // A typed client builds the URL from the declared parameters: an undeclared one cannot be sent.
  it.each(DOCUMENTED_SERVICES)('%s declares every path parameter as a required path parameter', (service) => {
    const undeclared = operationsOf(committedDocument(service)).flatMap(([route, operation]) =>
      [...route.matchAll(/\{([^}]+)\}/g)]
        .map(([, name]) => name)
        .filter(
          (name) =>
            !operation.parameters?.some((p) => p.in === 'path' && p.name === name && p.required === true),
        )
        .map((name) => `${route}: ${name}`),
    );
    expect(undeclared).toEqual([]);
  });

  // Credentials are the security schemes; as parameters a client would have to send them always.
  it.each(DOCUMENTED_SERVICES)('%s never declares Authorization or X-API-Key as a parameter', (service) => {
    const credentials = operationsOf(committedDocument(service)).flatMap(([route, operation]) =>
      (operation.parameters ?? [])
        .filter((p) => p.in === 'header' && /^(authorization|x-api-key)$/i.test(p.name))
        .map((p) => `${route}: ${p.name}`),
    );
    expect(credentials).toEqual([]);
  });

  // Generated types read a bare object as Record<string, never>: nothing could be sent or read.
  it.each(DOCUMENTED_SERVICES)('%s gives every object schema its members or says it is open', (service) => {
    const bare = schemasOf(committedDocument(service))
      .filter(
        ([, schema]) =>
          Object.keys(schema.properties ?? {}).length === 0 &&
          schema.additionalProperties === undefined &&
          !schema.allOf &&
          !schema.$ref,
      )
      .map(([at]) => at);
    expect(bare).toEqual([]);
  });

  it.each(DOCUMENTED_SERVICES)(
    '%s documents the 401 each guarded route answers without credentials',
    (service) => {
      const wrong = operationsOf(committedDocument(service)).flatMap(([route, operation]) => {
        const schemes = (operation.security ?? []).map((requirement) => Object.keys(requirement).join('+'));
        if (schemes.length === 0 || schemes.includes('')) return [];
        const expected = MISSING_CREDENTIALS[[...schemes].sort().join('|')];
        const documented = Object.keys(
          operation.responses['401']?.content?.['application/problem+json']?.examples ?? {},
        );
        return expected && documented.includes(expected) ? [] : [`${route}: ${documented.join(', ')}`];
      });
      expect(wrong).toEqual([]);
    },
  );
});
