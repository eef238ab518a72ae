import { Injectable } from '@nestjs/common';
import { Prisma } from '@orion/prisma-user';
import type { Tx } from '../database/transaction.runner';
import { PrismaService } from '../database/prisma.service';
import { PREFERENCE_CATEGORIES, PreferenceDocuments, Preferences } from './preferences.types';

/** user_preferences: one row per user, one JSONB document per category, a version for concurrency. */
@Injectable()
export class PreferencesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Neither deleted nor erased (an erasure sets deleted_at too). */
  async isLiveUser(userId: string): Promise<boolean> {
    const row = await this.prisma.user.findUnique({ where: { id: userId }, select: { deletedAt: true } });
    return row !== null && row.deletedAt === null;
  }

  async find(userId: string, tx?: Tx): Promise<Preferences | null> {
    const row = await (tx ?? this.prisma).userPreferences.findUnique({ where: { userId } });
    if (!row) return null;
    const preferences = { version: row.version } as Preferences;
    for (const category of PREFERENCE_CATEGORIES) preferences[category] = asDocument(row[category]);
    return preferences;
  }

  /** Writes only if the row is still at `expected`; false when another write came first. */
  async update(
    userId: string,
    expected: number,
    documents: Partial<PreferenceDocuments>,
    tx: Tx,
  ): Promise<boolean> {
    const { count } = await tx.userPreferences.updateMany({
      where: { userId, version: expected },
      data: { ...(documents as Record<string, Prisma.InputJsonObject>), version: { increment: 1 } },
    });
    return count === 1;
  }

  /** The first write for a user without a row; false if a concurrent first write won. */
  async create(userId: string, documents: Partial<PreferenceDocuments>, tx: Tx): Promise<boolean> {
    const { count } = await tx.userPreferences.createMany({
      data: [{ userId, ...(documents as Record<string, Prisma.InputJsonObject>) }],
      skipDuplicates: true,
    });
    return count === 1;
  }
}

function asDocument(value: Prisma.JsonValue): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
