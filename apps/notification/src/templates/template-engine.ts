import Handlebars from 'handlebars';
import type { TemplateProblem } from './templates.errors';
import type { ChannelContent, LocalizedContent, TemplateVariable } from './templates.types';
import type { Channel } from '../notifications/notifications.types';

/** Which fields each channel uses, and which of them is HTML (escaped). */
export const CHANNEL_FIELDS: Record<
  Channel,
  { required: (keyof ChannelContent)[]; optional: (keyof ChannelContent)[] }
> = {
  EMAIL: { required: ['subject', 'text'], optional: ['html'] },
  SMS: { required: ['text'], optional: [] },
  PUSH: { required: ['title', 'body'], optional: [] },
  IN_APP: { required: ['title', 'body'], optional: [] },
  SLACK: { required: ['payload'], optional: [] },
  DISCORD: { required: ['payload'], optional: [] },
  WEBHOOK: { required: ['payload'], optional: [] },
};

const engine = Handlebars.create();
const BUILT_IN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);
const cache = new Map<string, HandlebarsTemplateDelegate>();

/** Renders one template string; html=true escapes variables, plain text keeps them as they are. */
export function renderString(source: string, values: Record<string, unknown>, html: boolean): string {
  const cacheKey = `${html ? 'h' : 't'}:${source}`;
  let compiled = cache.get(cacheKey);
  if (!compiled) {
    compiled = engine.compile(source, { noEscape: !html, strict: false, knownHelpersOnly: true });
    if (cache.size > 2000) cache.clear();
    cache.set(cacheKey, compiled);
  }
  // No prototype access: variables are data, never a path into objects' internals.
  return compiled(values, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
}

/** Renders every string inside a JSON payload template; keys and structure stay as written. */
export function renderPayload(payload: unknown, values: Record<string, unknown>): unknown {
  if (typeof payload === 'string') return renderString(payload, values, false);
  if (Array.isArray(payload)) return payload.map((item) => renderPayload(item, values));
  if (payload && typeof payload === 'object') {
    return Object.fromEntries(
      Object.entries(payload).map(([k, v]) => [k, renderPayload(v, values)] as const),
    );
  }
  return payload;
}

/** Every root variable name a template string refers to; throws on a syntax error. */
export function placeholdersOf(source: string): Set<string> {
  const names = new Set<string>();
  const visitPath = (path: hbs.AST.Expression) => {
    if (path.type !== 'PathExpression') return;
    const p = path as hbs.AST.PathExpression;
    if (p.data || p.parts.length === 0 || p.original.startsWith('this') || p.original.startsWith('.')) return;
    names.add(p.parts[0]);
  };
  const visit = (node: hbs.AST.Node, insideLoop: boolean) => {
    if (node.type === 'MustacheStatement' || node.type === 'BlockStatement') {
      const statement = node as hbs.AST.MustacheStatement | hbs.AST.BlockStatement;
      const helper = (statement.path as hbs.AST.PathExpression).original;
      const isHelper = BUILT_IN_HELPERS.has(helper);
      if (!isHelper && !insideLoop) visitPath(statement.path);
      if (!insideLoop) statement.params.forEach(visitPath);
      if (node.type === 'BlockStatement') {
        const block = node as hbs.AST.BlockStatement;
        // Inside each/with the context changes; names there belong to the iterated item.
        const loop = insideLoop || helper === 'each' || helper === 'with';
        block.program?.body.forEach((child) => visit(child, loop));
        block.inverse?.body.forEach((child) => visit(child, insideLoop));
      }
    }
  };
  engine.parse(source).body.forEach((node) => visit(node, false));
  return names;
}

/** Problems that keep content from being published: missing fields, bad syntax, undeclared names. */
export function contentProblems(content: LocalizedContent, variables: TemplateVariable[]): TemplateProblem[] {
  const declared = new Set(variables.map((v) => v.name));
  const problems: TemplateProblem[] = [];
  const locales = Object.keys(content);
  if (locales.length === 0) problems.push({ location: 'content', message: 'has no locale' });
  for (const locale of locales) {
    if (!isObject(content[locale])) {
      problems.push({ location: `content.${locale}`, message: 'must be an object of channels' });
      continue;
    }
    const channels = Object.entries(content[locale]) as [Channel, ChannelContent][];
    if (channels.length === 0) problems.push({ location: `content.${locale}`, message: 'has no channel' });
    for (const [channel, fields] of channels) {
      const where = `content.${locale}.${channel}`;
      const spec = CHANNEL_FIELDS[channel];
      if (!spec || !isObject(fields)) {
        problems.push({
          location: where,
          message: spec ? 'must be an object of fields' : 'is not a channel',
        });
        continue;
      }
      for (const field of spec.required) {
        if (fields[field] === undefined || fields[field] === '') {
          problems.push({ location: `${where}.${field}`, message: 'is required for this channel' });
        }
      }
      for (const [field, value] of Object.entries(fields)) {
        if (![...spec.required, ...spec.optional].includes(field as keyof ChannelContent)) {
          problems.push({ location: `${where}.${field}`, message: `is not used by ${channel}` });
          continue;
        }
        if (field === 'payload' ? !isObject(value) : typeof value !== 'string') {
          problems.push({
            location: `${where}.${field}`,
            message: field === 'payload' ? 'must be a JSON object' : 'must be a string',
          });
          continue;
        }
        for (const [path, source] of templateStrings(value, `${where}.${field}`)) {
          problems.push(...undeclaredIn(source, path, declared));
        }
      }
    }
  }
  return problems;
}

function undeclaredIn(source: string, location: string, declared: Set<string>): TemplateProblem[] {
  try {
    // Compiling as rendering will catches what parsing alone lets through (an unknown helper).
    engine.precompile(source, { knownHelpersOnly: true });
    return [...placeholdersOf(source)]
      .filter((name) => !declared.has(name))
      .map((name) => ({ location, message: `uses {{${name}}}, which is not a declared variable` }));
  } catch (error) {
    return [{ location, message: `is not a valid template: ${(error as Error).message.split('\n')[0]}` }];
  }
}

function templateStrings(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => templateStrings(item, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => templateStrings(v, `${path}.${k}`));
  }
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
