/**
 * System templates: the ones the services send secrets (reset links, verification and undo links,
 * one-time codes) and security alerts with. Their rows carry `templates.system`; this file says
 * which variables of each carry a secret and where the service puts it. Editable markup never
 * prints a secret: it marks the spot with `[[secret]]` (or `[[secret|link text]]`) and the
 * renderer puts a block it builds itself there, so no edit can change where a link goes.
 */
import type { ChannelContent, VariableType } from './templates.types';
import type { Channel } from '../notifications/notifications.types';

export const MANAGE_SYSTEM_TEMPLATES = 'templates:manage-system';

export interface SecretSlot {
  /** The declared variable the secret arrives in. */
  variable: string;
  /** A link (built as an `<a href>` in HTML) or a code (printed as text). */
  kind: 'link' | 'code';
  type: VariableType;
}

export interface SystemTemplateRule {
  /** Where the secret goes; absent for alerts, which carry none. */
  slot?: SecretSlot;
}

const link = (variable: string): SystemTemplateRule => ({ slot: { variable, kind: 'link', type: 'url' } });

export const SYSTEM_TEMPLATE_RULES: Readonly<Record<string, SystemTemplateRule>> = {
  'auth.password-reset': link('resetUrl'),
  'auth.email-verification': link('verificationUrl'),
  'auth.two-factor-code': { slot: { variable: 'code', kind: 'code', type: 'string' } },
  'security.email-changed': link('undoUrl'),
  'security.new-device-sign-in': {},
  'security.password-changed': {},
  'security.refresh-token-reused': {},
  'security.sign-in-blocked': {},
  'security.account-locked': {},
  'security.two-factor-changed': {},
  'security.social-account-changed': {},
  'security.email-in-use': {},
  'security.second-factor-failures': {},
  'security.registration-attempted': {},
  'security.social-sign-in-attempted': {},
};

/** The rule of a template flagged system; a flagged key this file does not know carries no secret. */
export function systemRuleOf(template: { key: string; system: boolean }): SystemTemplateRule | null {
  if (!template.system) return null;
  return SYSTEM_TEMPLATE_RULES[template.key] ?? {};
}

/** Fields that show the secret: exactly one `[[secret]]` each. Every other field has none. */
export const SECRET_FIELDS: Partial<Record<Channel, (keyof ChannelContent)[]>> = {
  EMAIL: ['text', 'html'],
  SMS: ['text'],
};

/** Any spelling the author may have meant as the slot, so a near miss is reported, not ignored. */
export const LOOSE_SLOT = /\[\[\s*secret\b[^\]]*\]?\]?/gi;
/** The slot exactly: `[[secret]]` or `[[secret|plain link text]]`. */
export const SLOT = /\[\[secret(?:\|([^[\]{}<>|]{1,80}))?\]\]/g;

const BUTTON_STYLE =
  'display:inline-block;padding:10px 18px;background:#1f4fd1;color:#ffffff;text-decoration:none;border-radius:4px';

/** What the service puts in the slot: built from the secret alone, never from the template. */
export function secretBlock(slot: SecretSlot, value: string, html: boolean, label?: string): string {
  if (!html) return value;
  if (slot.kind === 'code') return escapeHtml(value);
  return `<a href="${escapeHtml(value)}" style="${BUTTON_STYLE}">${escapeHtml(label ?? value)}</a>`;
}

/**
 * Renders one field of a system template: the text around the slot through `render`, the slot by
 * the service. A version published before slots existed has none: the block is appended then,
 * so the secret still reaches the user only in the service's form.
 */
export function renderWithSlot(
  source: string,
  render: (part: string) => string,
  block: (label?: string) => string,
  html: boolean,
): string {
  const match = new RegExp(SLOT.source).exec(source);
  if (!match) {
    const rendered = render(source.replace(LOOSE_SLOT, ''));
    if (!html) return `${rendered}\n\n${block()}`;
    const end = rendered.search(/<\/body>/i);
    const appended = `<p>${block()}</p>`;
    return end < 0 ? rendered + appended : rendered.slice(0, end) + appended + rendered.slice(end);
  }
  const before = source.slice(0, match.index);
  const after = source.slice(match.index + match[0].length).replace(LOOSE_SLOT, '');
  return render(before) + block(match[1]?.trim()) + render(after);
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
