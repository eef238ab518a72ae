import type { Channel } from '../notifications/notifications.types';
export const TEMPLATE_CATEGORIES = [
  'AUTHENTICATION',
  'ACCOUNT',
  'SECURITY',
  'BILLING',
  'MARKETING',
  'SYSTEM',
] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const VARIABLE_TYPES = ['string', 'number', 'boolean', 'date', 'url'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** A variable a template declares: checked before a send is accepted, sample used by previews. */
export interface TemplateVariable {
  name: string;
  type: VariableType;
  required: boolean;
  description?: string;
  sample?: unknown;
  /** A secret (a one-time code, a link carrying a token): not to be kept once the message is out. */
  sensitive?: boolean;
}

/**
 * What one channel says, in one locale. EMAIL: subject, html, text. SMS: text. PUSH and IN_APP:
 * title, body. SLACK, DISCORD, WEBHOOK: payload, a JSON document whose strings are templates.
 */
export interface ChannelContent {
  subject?: string;
  html?: string;
  text?: string;
  title?: string;
  body?: string;
  payload?: Record<string, unknown>;
}

/** locale → channel → content. */
export type LocalizedContent = Record<string, Partial<Record<Channel, ChannelContent>>>;

/** One published, immutable version of a template. */
export interface TemplateVersionView {
  version: number;
  variables: TemplateVariable[];
  content: LocalizedContent;
  /** Set when this version re-published an earlier one. */
  restoredFrom: number | null;
  publishedById: string | null;
  publishedAt: Date;
}

export interface TemplateDraft {
  variables: TemplateVariable[];
  content: LocalizedContent;
}

export interface TemplateView {
  id: string;
  key: string;
  category: TemplateCategory;
  description: string | null;
  defaultLocale: string;
  /** Channels a send uses when the caller names none; empty = every channel with content. */
  defaultChannels: Channel[];
  /** Sends a secret or a security alert: edited only with templates:manage-system, never deleted. */
  system: boolean;
  activeVersion: number | null;
  draft: TemplateDraft | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Everything needed to render: the template and the chosen version. */
export interface RenderableTemplate {
  template: TemplateView;
  version: TemplateVersionView;
}

export interface NewTemplate {
  key: string;
  system: boolean;
  category: TemplateCategory;
  description: string | null;
  defaultLocale: string;
  defaultChannels: Channel[];
  draft: TemplateDraft;
  createdById: string | null;
}

export interface TemplateSettings {
  category?: TemplateCategory;
  description?: string | null;
  defaultLocale?: string;
  defaultChannels?: Channel[];
}

export interface NewVersion {
  variables: TemplateVariable[];
  content: LocalizedContent;
  restoredFrom: number | null;
  publishedById: string | null;
  /** Publishing the draft clears it; restoring an old version leaves the draft alone. */
  clearDraft: boolean;
}
