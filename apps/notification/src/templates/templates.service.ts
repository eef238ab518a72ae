import { Injectable } from '@nestjs/common';
import { Clock, keyCursor, Page, toPage } from '@orion/core';
import { PermissionDeniedError, Principal } from '@orion/security';
import { TransactionRunner } from '../database/transaction.runner';
import { OwnershipService } from '../ownership/ownership.service';
import { contentProblems } from './template-engine';
import { renderVersion, RenderedContent } from './template-renderer.service';
import type { TemplateCategory, TemplateDraft, TemplateVersionView, TemplateView } from './templates.types';
import { TemplatesRepository } from './templates.repository';
import {
  TemplateInvalidError,
  TemplateKeyTakenError,
  TemplateNoDraftError,
  TemplateNotFoundError,
  TemplateNotPublishedError,
  TemplateVersionNotFoundError,
  SystemTemplateNotDeletableError,
} from './templates.errors';
import { sampleValues } from './variable-check';
import { systemTemplateProblems } from './system-template-checks';
import { MANAGE_SYSTEM_TEMPLATES, SYSTEM_TEMPLATE_RULES, systemRuleOf } from './system-templates';
import type { Channel } from '../notifications/notifications.types';
import type { NewVersion, TemplateSettings } from './templates.types';

const KEY_CURSOR = keyCursor((key) => key !== '');

const systemPermissionDenied = () =>
  new PermissionDeniedError(MANAGE_SYSTEM_TEMPLATES, 'GLOBAL', undefined, 'SYSTEM_TEMPLATE');

const actorIdOf = (principal: Principal): string | null =>
  principal.kind === 'user' ? principal.userId : (principal.ownerId ?? null);

export interface CreateTemplateInput extends TemplateDraft {
  key: string;
  category: TemplateCategory;
  description?: string;
  defaultLocale?: string;
  defaultChannels?: Channel[];
}

export interface UpdateDraftInput extends TemplateSettings {
  draft?: TemplateDraft;
}

export interface PreviewInput {
  channel: Channel;
  locale?: string;
  /** A published version; absent: the active one, or the draft before the first publish. */
  version?: number;
  /** Render the draft instead of a published version. */
  draft?: boolean;
  /** Absent: the declared sample values. Given: merged over the samples. */
  variables?: Record<string, unknown>;
}

export interface TemplateDetail extends TemplateView {
  versions: TemplateVersionView[];
}

/**
 * Template lifecycle: a draft is edited freely, publishing checks it (every placeholder declared,
 * every channel complete) and appends it as the next, now active, version. Published versions are
 * never changed; restoring one publishes a copy of it as the newest version.
 */
/** Creating, editing and publishing templates, and seeing their unpublished drafts. */
export const TEMPLATE_MANAGE_PERMISSION = 'templates:manage';

@Injectable()
export class TemplatesService {
  constructor(
    private readonly templates: TemplatesRepository,
    private readonly access: OwnershipService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Drafts are unpublished work of the template managers: readers see published versions only. */
  private seesDrafts(caller: Principal): Promise<boolean> {
    return this.access.holds(caller, TEMPLATE_MANAGE_PERMISSION);
  }

  async list(limit: number, cursor?: string, category?: TemplateCategory): Promise<Page<TemplateView>> {
    const rows = await this.templates.page(KEY_CURSOR.decode(cursor) ?? null, limit + 1, category);
    return toPage(rows, limit, (t) => KEY_CURSOR.encode(t.key));
  }

  async get(key: string, caller: Principal): Promise<TemplateDetail> {
    const template = await this.find(key);
    const draft = (await this.seesDrafts(caller)) ? template.draft : null;
    return { ...template, draft, versions: await this.templates.versions(template.id) };
  }

  async create(input: CreateTemplateInput, actor: Principal): Promise<TemplateDetail> {
    if (await this.templates.keyTaken(input.key)) throw new TemplateKeyTakenError(input.key);
    // A system key missing from the database (an unseeded one) is created as a system template.
    const system = input.key in SYSTEM_TEMPLATE_RULES;
    if (system && !(await this.mayManageSystem(actor))) throw systemPermissionDenied();
    const template = await this.templates.create({
      system,
      key: input.key,
      category: input.category,
      description: input.description ?? null,
      defaultLocale: input.defaultLocale ?? 'en',
      defaultChannels: input.defaultChannels ?? [],
      draft: { variables: input.variables, content: input.content },
      createdById: actorIdOf(actor),
    });
    return { ...template, versions: [] };
  }

  async updateDraft(key: string, input: UpdateDraftInput, actor: Principal): Promise<TemplateDetail> {
    const template = await this.findToChange(key, actor);
    const { draft, ...settings } = input;
    await this.templates.update(template.id, settings, draft);
    const updated = await this.find(key);
    return { ...updated, versions: await this.templates.versions(updated.id) };
  }

  async publish(key: string, actor: Principal): Promise<TemplateVersionView> {
    const template = await this.findToChange(key, actor);
    if (!template.draft) throw new TemplateNoDraftError(key);
    this.assertPublishable(template, template.draft);
    return this.publishVersion(template.id, {
      ...template.draft,
      restoredFrom: null,
      publishedById: actorIdOf(actor),
      clearDraft: true,
    });
  }

  async restore(key: string, version: number, actor: Principal): Promise<TemplateVersionView> {
    const template = await this.findToChange(key, actor);
    const old = await this.templates.findVersion(template.id, version);
    if (!old) throw new TemplateVersionNotFoundError(key, version);
    // An old version of a system template may predate its rules: it must pass them again.
    this.assertSystemRules(template, old);
    return this.publishVersion(template.id, {
      variables: old.variables,
      content: old.content,
      restoredFrom: version,
      publishedById: actorIdOf(actor),
      clearDraft: false,
    });
  }

  private publishVersion(templateId: string, input: NewVersion): Promise<TemplateVersionView> {
    return this.transactions.run((tx) => this.templates.publish(templateId, input, tx));
  }

  async remove(key: string, actor: Principal): Promise<void> {
    const template = await this.findToChange(key, actor);
    if (template.system) throw new SystemTemplateNotDeletableError(key);
    await this.templates.softDelete(template.id, this.clock.now());
  }

  async preview(key: string, input: PreviewInput, caller: Principal): Promise<RenderedContent> {
    const template = await this.find(key);
    const useDraft = input.draft === true || (input.version === undefined && template.activeVersion === null);
    let version: TemplateVersionView;
    if (useDraft) {
      if (!(await this.seesDrafts(caller)))
        throw new PermissionDeniedError(
          TEMPLATE_MANAGE_PERMISSION,
          'GLOBAL',
          undefined,
          'drafts are unpublished',
        );
      if (!template.draft) throw new TemplateNotPublishedError(key);
      // A draft may be incomplete; preview shows what publishing would reject first.
      this.assertPublishable(template, template.draft);
      version = {
        ...template.draft,
        version: 0,
        restoredFrom: null,
        publishedById: null,
        publishedAt: this.clock.now(),
      };
    } else {
      const wanted = input.version ?? (template.activeVersion as number);
      const found = await this.templates.findVersion(template.id, wanted);
      if (!found) throw new TemplateVersionNotFoundError(key, wanted);
      version = found;
    }
    const variables = { ...sampleValues(version.variables), ...(input.variables ?? {}) };
    return renderVersion({ template, version }, input.channel, input.locale, variables);
  }

  private assertPublishable(template: TemplateView, draft: TemplateDraft): void {
    const problems = contentProblems(draft.content, draft.variables);
    if (!draft.content[template.defaultLocale]) {
      problems.push({
        location: 'content',
        message: `has no content in the default locale ${template.defaultLocale}`,
      });
    }
    const names = draft.variables.map((v) => v.name);
    names
      .filter((name, i) => names.indexOf(name) !== i)
      .forEach((name) => problems.push({ location: 'variables', message: `declares ${name} twice` }));
    const rule = systemRuleOf(template);
    if (rule) problems.push(...systemTemplateProblems(rule, draft));
    if (problems.length > 0) throw new TemplateInvalidError(template.key, problems);
  }

  private assertSystemRules(template: TemplateView, draft: TemplateDraft): void {
    const rule = systemRuleOf(template);
    const problems = rule ? systemTemplateProblems(rule, draft) : [];
    if (problems.length > 0) throw new TemplateInvalidError(template.key, problems);
  }

  /** A system template changes only for holders of templates:manage-system (an API key: its scope). */
  private async findToChange(key: string, actor: Principal): Promise<TemplateView> {
    const template = await this.find(key);
    if (template.system && !(await this.mayManageSystem(actor))) {
      throw systemPermissionDenied();
    }
    return template;
  }

  private mayManageSystem(actor: Principal): Promise<boolean> {
    return this.access.holds(actor, MANAGE_SYSTEM_TEMPLATES);
  }

  private async find(key: string): Promise<TemplateView> {
    const template = await this.templates.findByKey(key);
    if (!template) throw new TemplateNotFoundError(key);
    return template;
  }
}
