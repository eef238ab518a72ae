import { Inject, Injectable } from '@nestjs/common';
import { renderPayload, renderString } from './template-engine';
import { localeChain, pickLocale } from './locale-fallback';
import type { ChannelContent, RenderableTemplate } from './templates.types';
import { TemplatesRepository } from './templates.repository';
import { TEMPLATES_CONFIG, TemplatesConfig } from './templates.config';
import {
  TemplateChannelUnsupportedError,
  TemplateNotFoundError,
  TemplateNotPublishedError,
  TemplateVariablesInvalidError,
  TemplateVersionNotFoundError,
} from './templates.errors';
import { checkVariables, displayValues } from './variable-check';
import {
  LOOSE_SLOT,
  renderWithSlot,
  SECRET_FIELDS,
  SecretSlot,
  secretBlock,
  systemRuleOf,
} from './system-templates';
import type { Channel } from '../notifications/notifications.types';

export interface RenderedContent {
  templateId: string;
  version: number;
  locale: string;
  category: string;
  subject?: string;
  text: string;
  html?: string;
  title?: string;
  payload?: Record<string, unknown>;
  /** Declared secrets among the variables: keep them (and the text that shows them) no longer than needed. */
  sensitiveVariables?: string[];
}

export interface RenderInput {
  key: string;
  channel: Channel;
  locale?: string;
  version?: number;
  variables: Record<string, unknown>;
}

/** Turns a template key, channel, locale and variables into the message to deliver. */
@Injectable()
export class TemplateRendererService {
  constructor(
    private readonly templates: TemplatesRepository,
    @Inject(TEMPLATES_CONFIG) private readonly config: TemplatesConfig,
  ) {}

  /** Active (or given) version, locale fallback de-AT → de → default; throws DomainError (422) when a declared variable is missing/invalid. */
  async render(input: RenderInput): Promise<RenderedContent> {
    const found = await this.loadVersion(input.key, input.version);
    return renderVersion(found, input.channel, input.locale, input.variables, {
      linkOrigins: this.config.linkOrigins,
    });
  }

  /** Channels the template has content for (its defaults when the caller names none). */
  async channelsOf(key: string): Promise<Channel[]> {
    const { template, version } = await this.loadVersion(key);
    if (template.defaultChannels.length > 0) return template.defaultChannels;
    const defaultContent = version.content[template.defaultLocale] ?? Object.values(version.content)[0] ?? {};
    return Object.keys(defaultContent) as Channel[];
  }

  /** The template with its active (or given) version; throws when it is unknown or not published. */
  async loadVersion(key: string, version?: number): Promise<RenderableTemplate> {
    const template = await this.templates.findByKey(key);
    if (!template) throw new TemplateNotFoundError(key);
    const wanted = version ?? template.activeVersion;
    if (wanted === null) throw new TemplateNotPublishedError(key);
    const found = await this.templates.findVersion(template.id, wanted);
    if (!found) throw new TemplateVersionNotFoundError(key, wanted);
    return { template, version: found };
  }
}

/** Pure rendering of one version: shared by sends and previews. */
export function renderVersion(
  { template, version }: RenderableTemplate,
  channel: Channel,
  locale: string | undefined,
  variables: Record<string, unknown>,
  /** Sends pass the origins a secret link may lead to; previews (sample values) pass none. */
  options: { linkOrigins?: string[] } = {},
): RenderedContent {
  const chosen = pickLocale(
    localeChain(locale, template.defaultLocale),
    Object.keys(version.content),
    (candidate) => Boolean(version.content[candidate]?.[channel]),
  );
  if (!chosen) throw new TemplateChannelUnsupportedError(template.key, channel, version.version);
  const invalid = checkVariables(version.variables, variables);
  if (invalid.length > 0) throw new TemplateVariablesInvalidError(template.key, invalid);

  const rule = systemRuleOf(template);
  const slot = rule?.slot;
  const values = displayValues(version.variables, withoutSecret(variables, slot?.variable), chosen);
  const content = version.content[chosen][channel] as ChannelContent;
  const secretFields = slot ? (SECRET_FIELDS[channel] ?? []) : [];
  const secret =
    slot && secretFields.length > 0 ? secretValue(template.key, slot, variables, options.linkOrigins) : '';
  const field = (name: keyof ChannelContent, html: boolean): string | undefined => {
    const source = content[name];
    if (typeof source !== 'string') return undefined;
    if (!slot) return renderString(source, values, html);
    if (!secretFields.includes(name)) return renderString(source.replace(LOOSE_SLOT, ''), values, html);
    return renderWithSlot(
      source,
      (part) => renderString(part, values, html),
      (label) => secretBlock(slot, secret, html, label),
      html,
    );
  };
  const text = (name: keyof ChannelContent) => field(name, false);
  const sensitive = [
    ...new Set([
      ...version.variables.filter((v) => v.sensitive).map((v) => v.name),
      ...(slot ? [slot.variable] : []),
    ]),
  ];
  const base = {
    templateId: template.id,
    version: version.version,
    locale: chosen,
    category: template.category,
    ...(sensitive.length > 0 && { sensitiveVariables: sensitive }),
  };
  switch (channel) {
    case 'EMAIL':
      return {
        ...base,
        subject: text('subject'),
        text: text('text') ?? '',
        html: field('html', true),
      };
    case 'SMS':
      return { ...base, text: text('text') ?? '' };
    case 'PUSH':
    case 'IN_APP':
      return { ...base, title: text('title'), text: text('body') ?? '' };
    default: {
      const payload = renderPayload(stripSlots(content.payload ?? {}, Boolean(slot)), values) as Record<
        string,
        unknown
      >;
      return { ...base, payload, text: JSON.stringify(payload) };
    }
  }
}

/** A system template's secret never reaches Handlebars: only the service's block shows it. */
function withoutSecret(
  variables: Record<string, unknown>,
  name: string | undefined,
): Record<string, unknown> {
  if (name === undefined) return variables;
  const { [name]: _secret, ...rest } = variables;
  return rest;
}

function secretValue(
  key: string,
  slot: SecretSlot,
  variables: Record<string, unknown>,
  linkOrigins: string[] | undefined,
): string {
  const value = variables[slot.variable];
  const refuse = (message: string) =>
    new TemplateVariablesInvalidError(key, [{ variable: slot.variable, message }]);
  if (slot.kind === 'code') {
    if (typeof value !== 'string' && typeof value !== 'number') throw refuse('is required');
    return String(value);
  }
  const url = typeof value === 'string' ? parseUrl(value) : null;
  if (!url || !/^https?:$/.test(url.protocol)) throw refuse('must be an absolute http(s) URL');
  if (linkOrigins && !linkOrigins.includes(url.origin)) {
    throw refuse('must lead to the app (NOTIFICATION_APP_URL or SYSTEM_TEMPLATE_LINK_ORIGINS)');
  }
  return String(value);
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

function stripSlots(payload: unknown, strip: boolean): unknown {
  if (!strip) return payload;
  if (typeof payload === 'string') return payload.replace(LOOSE_SLOT, '');
  if (Array.isArray(payload)) return payload.map((item) => stripSlots(item, strip));
  if (payload && typeof payload === 'object') {
    return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, stripSlots(v, strip)] as const));
  }
  return payload;
}
