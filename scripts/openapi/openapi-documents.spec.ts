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
});
