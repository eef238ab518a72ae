import type { InvalidVariable } from './templates.errors';
import type { TemplateVariable } from './templates.types';

/**
 * Checks values against the declared variables: every required one present, every present one
 * of its type. Returns one entry per bad variable (empty when all is well). Undeclared extras are
 * ignored: a template can only print what it declares.
 */
export function checkVariables(
  declared: TemplateVariable[],
  values: Record<string, unknown>,
): InvalidVariable[] {
  const errors: InvalidVariable[] = [];
  for (const variable of declared) {
    const value = values[variable.name];
    if (value === undefined || value === null || value === '') {
      if (variable.required) errors.push({ variable: variable.name, message: 'is required' });
      continue;
    }
    const problem = typeProblem(variable.type, value);
    if (problem) errors.push({ variable: variable.name, message: problem });
  }
  return errors;
}

function typeProblem(type: TemplateVariable['type'], value: unknown): string | null {
  switch (type) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' ? null : 'must be a string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return isDate(value) ? null : 'must be an ISO 8601 date';
    case 'url':
      return isHttpUrl(value) ? null : 'must be an absolute http(s) URL';
  }
}

function isDate(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The sample values of the declared variables, for previews. */
export function sampleValues(declared: TemplateVariable[]): Record<string, unknown> {
  return Object.fromEntries(
    declared.filter((v) => v.sample !== undefined).map((v) => [v.name, v.sample] as const),
  );
}

/**
 * Values as templates print them: declared dates formatted for the rendered locale (in UTC, said
 * so), everything else as given.
 */
export function displayValues(
  declared: TemplateVariable[],
  values: Record<string, unknown>,
  locale: string,
): Record<string, unknown> {
  const dates = new Set(declared.filter((v) => v.type === 'date').map((v) => v.name));
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      if (!dates.has(name) || !isDate(value)) return [name, value] as const;
      return [name, formatDate(new Date(value as string | Date), locale)] as const;
    }),
  );
}

function formatDate(date: Date, locale: string): string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  } catch {
    format = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  }
  return `${format.format(date)} UTC`;
}
