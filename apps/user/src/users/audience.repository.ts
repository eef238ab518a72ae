import { Injectable } from '@nestjs/common';
import type { AudiencePage, ListAudienceRequest } from '@orion/contracts';
import { PrismaService } from '../database/prisma.service';

/** Pages through the ids of live accounts matching an audience, in id order. */
@Injectable()
export class AudienceRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** `now` decides which role assignments count. */
  async page(request: ListAudienceRequest, now: Date): Promise<AudiencePage> {
    const rows = await this.prisma.user.findMany({
      where: {
        deletedAt: null,
        erasedAt: null,
        status: { in: request.statuses?.length ? request.statuses : ['ACTIVE'] },
        ...(request.afterId && { id: { gt: request.afterId } }),
        ...(request.role && {
          roles: {
            some: {
              role: { slug: request.role, deletedAt: null },
              startsAt: { lte: now },
              OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
            },
          },
        }),
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: request.limit + 1,
    });
    const userIds = rows.slice(0, request.limit).map((r) => r.id);
    return { userIds, nextAfterId: rows.length > request.limit ? userIds[userIds.length - 1] : null };
  }
}
