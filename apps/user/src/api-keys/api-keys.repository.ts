import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import { Prisma } from '@orion/prisma-user';
import type { Tx } from '../database/transaction.runner';
import { PrismaService } from '../database/prisma.service';
import type { ApiKeyCredential, ApiKeyRecord, NewApiKey } from './api-keys.types';

type Row = Prisma.ApiKeyGetPayload<object>;

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Whether the would-be owner's address is verified (false for an unknown user too). */
  async ownerEmailVerified(userId: string, tx: Tx): Promise<boolean> {
    const owner = await tx.user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
    return owner?.emailVerifiedAt != null;
  }

  async insert(key: NewApiKey, tx: Tx): Promise<ApiKeyRecord> {
    const { rotatedFrom, ...data } = key;
    const row = await tx.apiKey.create({ data: { ...data, metadata: rotatedFrom ? { rotatedFrom } : {} } });
    return toRecord(row);
  }

  async listOf(userId: string, limit: number, after?: PagePosition): Promise<ApiKeyRecord[]> {
    const older: Prisma.ApiKeyWhereInput = after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : {};
    const rows = await this.prisma.apiKey.findMany({
      where: { AND: [{ userId, deletedAt: null }, older] },
      take: limit,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    return rows.map(toRecord);
  }

  async find(id: string, userId?: string): Promise<ApiKeyRecord | null> {
    const row = await this.prisma.apiKey.findFirst({ where: { id, userId, deletedAt: null } });
    return row && toRecord(row);
  }

  /** The key, locked until the transaction ends so two rotations cannot both replace it. */
  async lock(id: string, userId: string, tx: Tx): Promise<ApiKeyRecord | null> {
    await tx.$queryRaw`SELECT id FROM api_keys WHERE id = ${id}::uuid FOR UPDATE`;
    const row = await tx.apiKey.findFirst({ where: { id, userId, deletedAt: null } });
    return row && toRecord(row);
  }

  async update(
    id: string,
    change: { expiresAt?: Date; revokedAt?: Date; rotatedTo?: string },
    tx: Tx,
  ): Promise<ApiKeyRecord> {
    const { rotatedTo, ...columns } = change;
    const data: Prisma.ApiKeyUpdateInput = { ...columns };
    if (rotatedTo) {
      const current = await tx.apiKey.findUniqueOrThrow({ where: { id }, select: { metadata: true } });
      data.metadata = { ...(current.metadata as Prisma.JsonObject), rotatedTo };
    }
    return toRecord(await tx.apiKey.update({ where: { id }, data }));
  }

  async credentialByPrefix(prefix: string): Promise<ApiKeyCredential | null> {
    const row = await this.prisma.apiKey.findUnique({
      where: { keyPrefix: prefix },
      include: { user: { select: { status: true, deletedAt: true } } },
    });
    if (!row) return null;
    return {
      ...toRecord(row),
      keyHash: row.keyHash,
      deletedAt: row.deletedAt,
      ownerActive: row.user.status === 'ACTIVE' && row.user.deletedAt === null,
    };
  }

  /** Records a use, at most once per `throttleMs` per key: verification must stay cheap. */
  async markUsed(id: string, at: Date, ip: string | undefined, throttleMs: number): Promise<void> {
    await this.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(at.getTime() - throttleMs) } }] },
      data: { lastUsedAt: at, ...(ip && { lastUsedIp: ip.slice(0, 45) }) },
    });
  }
}

function toRecord(row: Row): ApiKeyRecord {
  const metadata = (row.metadata ?? {}) as { rotatedTo?: string };
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    keyPrefix: row.keyPrefix,
    scopes: row.scopes,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    rotatedTo: metadata.rotatedTo ?? null,
    createdAt: row.createdAt,
  };
}
