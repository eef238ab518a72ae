/**
 * Shapes shared by the seeded templates: what a seeded template declares, and the HTML frame of
 * every seeded e-mail. The sending service stores the same shapes (apps/notification/src/templates).
 */
import type { NotificationChannel, TemplateCategory } from '@orion/prisma-notification';

export const TEMPLATE_LOCALES = ['en', 'de'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

// A type alias rather than an interface, so it is assignable to Prisma's JSON input type.
export type TemplateVariable = {
  type: 'string' | 'number' | 'boolean' | 'date' | 'url';
  required: boolean;
  description: string;
  sample: string | number | boolean;
  /** A secret: the sending core keeps it no longer than needed. */
  sensitive?: boolean;
};

/** EMAIL: subject, text, html. SMS: text. PUSH and IN_APP: title, body. */
export type ChannelContent = {
  subject?: string;
  text?: string;
  html?: string;
  title?: string;
  body?: string;
};

export interface TemplateSeed {
  /** templates.id */
  id: string;
  /** template_versions.id of version 1 */
  versionId: string;
  key: string;
  category: TemplateCategory;
  description: string;
  /** Channels used when a send names none. */
  defaultChannels: NotificationChannel[];
  variables: Record<string, TemplateVariable>;
  content: Partial<Record<NotificationChannel, Record<TemplateLocale, ChannelContent>>>;
}

export const variable = (
  type: TemplateVariable['type'],
  description: string,
  sample: TemplateVariable['sample'],
  required = true,
): TemplateVariable => ({ type, required, description, sample });

/**
 * Where a system template's secret goes: the service puts its own link (a button labelled
 * `label` in HTML) or code there; the markup never prints the secret variable itself.
 */
export const SECRET = '[[secret]]';
export const secretLink = (label: string): string => `[[secret|${label}]]`;

/**
 * Templates the services send secrets or security alerts with (`templates.system`): edited only
 * with `templates:manage-system`, never deleted. apps/notification/src/templates/system-templates.ts
 * lists the same keys with where each one's secret goes.
 */
export const SYSTEM_TEMPLATE_KEYS: readonly string[] = [
  'auth.password-reset',
  'auth.two-factor-code',
  'auth.email-verification',
  'security.new-device-sign-in',
  'security.password-changed',
  'security.refresh-token-reused',
  'security.sign-in-blocked',
  'security.account-locked',
  'security.two-factor-changed',
  'security.social-account-changed',
  'security.email-changed',
  'security.email-in-use',
  'security.second-factor-failures',
  'security.registration-attempted',
  'security.social-sign-in-attempted',
];

/** A declared secret (one-time code, link with a token). */
export const secret = (
  type: TemplateVariable['type'],
  description: string,
  sample: string,
): TemplateVariable => ({
  ...variable(type, description, sample),
  sensitive: true,
});

/** The shared frame of every HTML e-mail; placeholders inside are left for rendering. */
export function emailHtml(
  locale: TemplateLocale,
  heading: string,
  paragraphs: string[],
  action?: [string, string] | string,
): string {
  const button =
    typeof action === 'string'
      ? `<p>${action}</p>`
      : action
        ? `<p><a href="${action[1]}" style="display:inline-block;padding:10px 18px;background:#1f4fd1;color:#ffffff;text-decoration:none;border-radius:4px">${action[0]}</a></p>`
        : '';
  return [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${heading}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;line-height:1.5">',
    `<h1 style="font-size:20px">${heading}</h1>`,
    ...paragraphs.map((p) => `<p>${p}</p>`),
    button,
    '<p style="color:#6b6b6b;font-size:12px">Orion</p>',
    '</body></html>',
  ].join('');
}

/** Greets by name when one is known ("Hi Ada," / "Hello,"). */
export const greeting = (locale: TemplateLocale): string =>
  locale === 'de'
    ? '{{#if name}}Hallo {{name}},{{else}}Hallo,{{/if}}'
    : '{{#if name}}Hi {{name}},{{else}}Hello,{{/if}}';
