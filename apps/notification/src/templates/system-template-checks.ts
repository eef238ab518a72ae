/**
 * What publishing a system template's draft must satisfy, on top of every template's checks: the
 * secret variable stays declared as a required, sensitive variable of its type; no markup refers
 * to it (in any form: `{{x}}`, `{{{x}}}`, `{{@root.x}}`, `lookup`); each field that shows it holds
 * `[[secret]]` exactly once, outside any Handlebars block, tag, link, comment or URL; no other
 * field holds it. Refused rather than corrected, so the author sees what the service will send.
 */
import Handlebars from 'handlebars';
import type { TemplateProblem } from './templates.errors';
import type { ChannelContent, TemplateDraft } from './templates.types';
import { LOOSE_SLOT, SECRET_FIELDS, SecretSlot, SLOT, SystemTemplateRule } from './system-templates';
import type { Channel } from '../notifications/notifications.types';

const MUSTACHE = /\{\{[\s\S]*?\}\}/g;
/** Elements whose content is not a place for a link or a code the user should see. */
const HIDING_ELEMENTS = ['a', 'style', 'script', 'title', 'textarea', 'template', 'noscript', 'head', 'svg'];
const BEFORE_OK = /(^|[\s(>[«„“"'])$/;
const AFTER_OK = /^($|[\s.,;:!?)<\]»“”"'])/;

export function systemTemplateProblems(rule: SystemTemplateRule, draft: TemplateDraft): TemplateProblem[] {
  const slot = rule.slot;
  const problems: TemplateProblem[] = slot ? declarationProblems(slot, draft) : [];
  for (const [locale, channels] of Object.entries(draft.content ?? {})) {
    for (const [channel, fields] of Object.entries(channels ?? {}) as [Channel, ChannelContent][]) {
      for (const [field, value] of Object.entries(fields ?? {})) {
        const where = `content.${locale}.${channel}.${field}`;
        const showsSecret = Boolean(slot && SECRET_FIELDS[channel]?.includes(field as keyof ChannelContent));
        for (const [path, source] of strings(value, where)) {
          if (slot && refersTo(source, slot.variable)) {
            problems.push({
              location: path,
              message: `must not use ${slot.variable}: the service puts it where [[secret]] stands`,
            });
          }
          problems.push(...slotProblems(source, path, showsSecret, field === 'html'));
        }
      }
    }
  }
  return problems;
}

function declarationProblems(slot: SecretSlot, draft: TemplateDraft): TemplateProblem[] {
  const declared = (draft.variables ?? []).find((v) => v.name === slot.variable);
  const location = `variables.${slot.variable}`;
  if (!declared) return [{ location, message: 'must stay declared: it carries the secret' }];
  const problems: TemplateProblem[] = [];
  if (declared.sensitive !== true)
    problems.push({ location, message: 'must stay sensitive: it is a secret' });
  if (declared.required !== true) problems.push({ location, message: 'must stay required' });
  if (declared.type !== slot.type) problems.push({ location, message: `must stay of type ${slot.type}` });
  return problems;
}

function refersTo(source: string, name: string): boolean {
  const word = new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/[$]/g, '\\$')}($|[^A-Za-z0-9_$])`);
  return (source.match(MUSTACHE) ?? []).some((mustache) => word.test(mustache));
}

function slotProblems(
  source: string,
  location: string,
  showsSecret: boolean,
  html: boolean,
): TemplateProblem[] {
  const loose = source.match(LOOSE_SLOT) ?? [];
  const exact = [...source.matchAll(SLOT)];
  if (!showsSecret) {
    return loose.length === 0 ? [] : [{ location, message: 'must not contain [[secret]]' }];
  }
  if (exact.length !== 1 || loose.length !== 1) {
    return [
      {
        location,
        message: `must contain [[secret]] (or [[secret|link text]]) exactly once; found ${loose.length}`,
      },
    ];
  }
  const match = exact[0];
  const before = source.slice(0, match.index);
  const after = source.slice((match.index ?? 0) + match[0].length);
  const problems: TemplateProblem[] = [];
  if (!compiles(before) || !compiles(after)) {
    problems.push({
      location,
      message: '[[secret]] must not be inside an {{#if}}, {{#each}} or other block',
    });
  }
  const hiddenIn = html ? enclosingElement(before) : null;
  if (hiddenIn) problems.push({ location, message: `[[secret]] must not be inside ${hiddenIn}` });
  if (!BEFORE_OK.test(before.replace(MUSTACHE, 'x')) || !AFTER_OK.test(after)) {
    problems.push({
      location,
      message: '[[secret]] must stand on its own, not be joined to other text or a URL',
    });
  }
  return problems;
}

function enclosingElement(before: string): string | null {
  if (count(before, /<!--/g) > count(before, /-->/g)) return 'a comment';
  if (before.lastIndexOf('<') > before.lastIndexOf('>')) return 'a tag';
  for (const element of HIDING_ELEMENTS) {
    const opened = count(before, new RegExp(`<${element}(\\s|>|/)`, 'gi'));
    const closed = count(before, new RegExp(`</${element}\\s*>`, 'gi'));
    if (opened > closed) return `<${element}>`;
  }
  return null;
}

function compiles(source: string): boolean {
  try {
    Handlebars.precompile(source, { knownHelpersOnly: true });
    return true;
  } catch {
    return false;
  }
}

const count = (source: string, pattern: RegExp): number => (source.match(pattern) ?? []).length;

function strings(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  }
  return [];
}
