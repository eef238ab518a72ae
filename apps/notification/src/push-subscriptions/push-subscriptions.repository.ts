import { Injectable } from '@nestjs/common';
import { Prisma } from '@orion/prisma-notification';
import { PrismaService } from '../database/prisma.service';
import type { PushSubscriptionRecord, NewPushSubscription } from './push-subscriptions.types';

type Row = Prisma.PushSubscriptionGetPayload<object>;

function toRecord(row: Row): PushSubscriptionRecord {
  return {
    id: row.id,
    userId: row.userId,
    endpoint: row.endpoint,
    p256dh: row.p256dh,
    auth: row.auth,
    expirationTime: row.expirationTime,
    userAgent: row.userAgent,
    lastUsedAt: row.lastUsedAt,
    createdAt: row.createdAt,
  };
}

@Injectable()
export class PushSubscriptionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores the subscription, or refreshes the keys of the owner's own subscription with the same
   * endpoint. Null when another user has registered the endpoint: it never changes hands.
   */
  async upsertOwn(data: NewPushSubscription): Promise<PushSubscriptionRecord | null> {
    const { userId, endpoint, ...fields } = data;
    for (let attempt = 0; attempt < 2; attempt++) {
      const { count } = await this.prisma.pushSubscription.updateMany({
        where: { endpoint, userId },
        data: fields,
      });
      if (count > 0) {
        const row = await this.prisma.pushSubscription.findUnique({ where: { endpoint } });
        if (row?.userId === userId) return toRecord(row);
        continue;
      }
      try {
        return toRecord(await this.prisma.pushSubscription.create({ data }));
      } catch (error) {
        if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
        // The endpoint exists: another user's (refused), or this user's from a concurrent request.
      }
    }
    return null;
  }

  async listOf(userId: string): Promise<PushSubscriptionRecord[]> {
    const rows = await this.prisma.pushSubscription.findMany({
      where: { userId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 100,
    });
    return rows.map(toRecord);
  }

  async deleteOf(userId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.pushSubscription.deleteMany({ where: { id, userId } });
    return count > 0;
  }

  async deleteById(id: string): Promise<void> {
    await this.prisma.pushSubscription.deleteMany({ where: { id } });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.pushSubscription.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }
}
