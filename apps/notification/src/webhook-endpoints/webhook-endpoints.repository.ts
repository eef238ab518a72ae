import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import { Prisma } from '@orion/prisma-notification';
import { PrismaService } from '../database/prisma.service';

export interface WebhookEndpointRecord {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type Row = Prisma.WebhookEndpointGetPayload<object>;

function toRecord(row: Row): WebhookEndpointRecord {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    enabled: row.enabled,
    secretCiphertext: row.secretCiphertext,
    previousSecretCiphertext: row.previousSecretCiphertext,
    previousSecretExpiresAt: row.previousSecretExpiresAt,
    createdById: row.createdById,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

@Injectable()
export class WebhookEndpointsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(data: {
    url: string;
    description: string | null;
    secretCiphertext: string;
    createdById: string | null;
  }): Promise<WebhookEndpointRecord> {
    return toRecord(await this.prisma.webhookEndpoint.create({ data }));
  }

  async findLive(id: string): Promise<WebhookEndpointRecord | null> {
    const row = await this.prisma.webhookEndpoint.findFirst({ where: { id, deletedAt: null } });
    return row ? toRecord(row) : null;
  }

  async list(limit: number, after?: PagePosition): Promise<WebhookEndpointRecord[]> {
    const older: Prisma.WebhookEndpointWhereInput = after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : {};
    const rows = await this.prisma.webhookEndpoint.findMany({
      where: { AND: [{ deletedAt: null }, older] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toRecord);
  }

  async update(
    id: string,
    data: Partial<Pick<WebhookEndpointRecord, 'url' | 'description' | 'enabled'>>,
  ): Promise<WebhookEndpointRecord | null> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({ where: { id, deletedAt: null }, data });
    return count === 0 ? null : this.findLive(id);
  }

  /** Replaces the secret; the old one keeps signing until previousExpiresAt. */
  async rotateSecret(
    id: string,
    secretCiphertext: string,
    previousSecretCiphertext: string,
    previousSecretExpiresAt: Date,
  ): Promise<WebhookEndpointRecord | null> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({
      where: { id, deletedAt: null },
      data: { secretCiphertext, previousSecretCiphertext, previousSecretExpiresAt },
    });
    return count === 0 ? null : this.findLive(id);
  }

  async softDelete(id: string, now: Date): Promise<boolean> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({
      where: { id, deletedAt: null },
      data: { deletedAt: now, enabled: false },
    });
    return count > 0;
  }
}
