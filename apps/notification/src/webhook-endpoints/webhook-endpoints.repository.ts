import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import { Prisma } from '@orion/prisma-notification';
import { PrismaService } from '../database/prisma.service';
import { ownerFilter, OwnerScope } from '../ownership/ownership.types';
import type { WebhookEndpointRecord } from './webhook-endpoints.types';

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
    ownerId: row.ownerId,
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
    ownerId: string;
  }): Promise<WebhookEndpointRecord> {
    return toRecord(await this.prisma.webhookEndpoint.create({ data }));
  }

  /** The live endpoint when it is within the scope; null for another owner's, as for an unknown one. */
  async findLive(id: string, scope: OwnerScope): Promise<WebhookEndpointRecord | null> {
    const row = await this.prisma.webhookEndpoint.findFirst({
      where: { id, deletedAt: null, ...ownerFilter(scope) },
    });
    return row ? toRecord(row) : null;
  }

  async list(scope: OwnerScope, limit: number, after?: PagePosition): Promise<WebhookEndpointRecord[]> {
    const older: Prisma.WebhookEndpointWhereInput = after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : {};
    const rows = await this.prisma.webhookEndpoint.findMany({
      where: { AND: [{ deletedAt: null, ...ownerFilter(scope) }, older] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toRecord);
  }

  async update(
    id: string,
    scope: OwnerScope,
    data: Partial<Pick<WebhookEndpointRecord, 'url' | 'description' | 'enabled'>>,
  ): Promise<WebhookEndpointRecord | null> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({
      where: { id, deletedAt: null, ...ownerFilter(scope) },
      data,
    });
    return count === 0 ? null : this.findLive(id, scope);
  }

  /** Replaces the secret; the old one keeps signing until previousExpiresAt. */
  async rotateSecret(
    id: string,
    scope: OwnerScope,
    secretCiphertext: string,
    previousSecretCiphertext: string,
    previousSecretExpiresAt: Date,
  ): Promise<WebhookEndpointRecord | null> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({
      where: { id, deletedAt: null, ...ownerFilter(scope) },
      data: { secretCiphertext, previousSecretCiphertext, previousSecretExpiresAt },
    });
    return count === 0 ? null : this.findLive(id, scope);
  }

  async softDelete(id: string, scope: OwnerScope, now: Date): Promise<boolean> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({
      where: { id, deletedAt: null, ...ownerFilter(scope) },
      data: { deletedAt: now, enabled: false },
    });
    return count > 0;
  }
}
