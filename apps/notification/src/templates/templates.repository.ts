import { Injectable } from '@nestjs/common';
import { Prisma } from '@orion/prisma-notification';
import type { Template as TemplateRow, TemplateVersion as VersionRow } from '@orion/prisma-notification';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import type {
  LocalizedContent,
  NewTemplate,
  NewVersion,
  TemplateCategory,
  TemplateDraft,
  TemplateSettings,
  TemplateVariable,
  TemplateVersionView,
  TemplateView,
} from './templates.types';

const live = { deletedAt: null };

@Injectable()
export class TemplatesRepository {
  /** Published versions never change, so they can be kept in memory once read. */
  private readonly versionCache = new Map<string, TemplateVersionView>();

  constructor(private readonly prisma: PrismaService) {}

  async findByKey(key: string): Promise<TemplateView | null> {
    const row = await this.prisma.template.findFirst({ where: { key, ...live } });
    return row && toTemplate(row);
  }

  async keyTaken(key: string): Promise<boolean> {
    // Keys of deleted templates stay reserved (the unique index covers them).
    return (await this.prisma.template.count({ where: { key } })) > 0;
  }

  async page(afterKey: string | null, take: number, category?: TemplateCategory): Promise<TemplateView[]> {
    const rows = await this.prisma.template.findMany({
      where: { ...live, ...(category && { category }), ...(afterKey !== null && { key: { gt: afterKey } }) },
      orderBy: { key: 'asc' },
      take,
    });
    return rows.map(toTemplate);
  }

  async findVersion(templateId: string, version: number): Promise<TemplateVersionView | null> {
    const cacheKey = `${templateId}:${version}`;
    const cached = this.versionCache.get(cacheKey);
    if (cached) return cached;
    const row = await this.prisma.templateVersion.findUnique({
      where: { templateId_version: { templateId, version } },
    });
    if (!row) return null;
    const view = toVersion(row);
    if (this.versionCache.size > 1000) this.versionCache.clear();
    this.versionCache.set(cacheKey, view);
    return view;
  }

  async versions(templateId: string): Promise<TemplateVersionView[]> {
    const rows = await this.prisma.templateVersion.findMany({
      where: { templateId },
      orderBy: { version: 'desc' },
    });
    return rows.map(toVersion);
  }

  async create(input: NewTemplate): Promise<TemplateView> {
    const row = await this.prisma.template.create({
      data: { ...input, draft: toJson(input.draft) },
    });
    return toTemplate(row);
  }

  async update(id: string, settings: TemplateSettings, draft?: TemplateDraft): Promise<TemplateView> {
    const row = await this.prisma.template.update({
      where: { id },
      data: { ...settings, ...(draft && { draft: toJson(draft) }) },
    });
    return toTemplate(row);
  }

  /**
   * Appends the next version and makes it active, serialised per template by a row lock held
   * until the caller's transaction ends.
   */
  async publish(templateId: string, input: NewVersion, tx: Tx): Promise<TemplateVersionView> {
    await tx.$queryRaw`SELECT id FROM templates WHERE id = ${templateId}::uuid FOR UPDATE`;
    const latest = await tx.templateVersion.aggregate({ where: { templateId }, _max: { version: true } });
    const version = (latest._max.version ?? 0) + 1;
    const row = await tx.templateVersion.create({
      data: {
        templateId,
        version,
        variables: toJson(input.variables),
        content: toJson(input.content),
        restoredFrom: input.restoredFrom,
        publishedById: input.publishedById,
      },
    });
    await tx.template.update({
      where: { id: templateId },
      data: { activeVersion: version, ...(input.clearDraft && { draft: Prisma.DbNull }) },
    });
    return toVersion(row);
  }

  async softDelete(id: string, now: Date): Promise<void> {
    await this.prisma.template.update({ where: { id }, data: { deletedAt: now } });
  }
}

function toJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

function toTemplate(row: TemplateRow): TemplateView {
  return {
    id: row.id,
    key: row.key,
    category: row.category,
    description: row.description,
    defaultLocale: row.defaultLocale,
    defaultChannels: row.defaultChannels,
    system: row.system,
    activeVersion: row.activeVersion,
    draft: (row.draft as unknown as TemplateDraft | null) ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toVersion(row: VersionRow): TemplateVersionView {
  return {
    version: row.version,
    variables: row.variables as unknown as TemplateVariable[],
    content: row.content as unknown as LocalizedContent,
    restoredFrom: row.restoredFrom,
    publishedById: row.publishedById,
    publishedAt: row.publishedAt,
  };
}
