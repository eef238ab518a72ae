import Ajv, { ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

/** The parts of an OpenAPI document read here. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, object>>;
  components?: Schema;
}

export interface DocumentedOperation {
  method: string;
  path: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; required?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema?: Schema; examples?: Schema }> }>;
}

/** Every operation of an OpenAPI document, with its method and path. */
export function operationsOf(document: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      ...(operation as DocumentedOperation),
      method,
      path,
    })),
  );
}

/**
 * OpenAPI 3.0 writes "or null" as `nullable: true` beside the type, which JSON Schema (and so Ajv)
 * cannot apply to a `$ref` or `allOf`; rewriting it as `anyOf [schema, null]` is exact for both.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Schema;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, toJsonSchema(value)]),
  );
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** Validators for the JSON responses a document declares, `#/components/schemas/…` resolved. */
export function responseValidator(document: OpenApiDocument): (schema: Schema) => ValidateFunction {
  // strict: false lets OpenAPI's annotation keywords (example, …) through; formats are not checked.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const components = toJsonSchema(document.components) as Schema;
  return (schema) => ajv.compile({ ...(toJsonSchema(schema) as Schema), components });
}
