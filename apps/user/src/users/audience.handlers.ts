import { Controller, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AudiencePage, LIST_AUDIENCE, ListAudienceRequest } from '@orion/contracts';
import { HandleCommand } from '@orion/core';
import { PrismaService } from '../database/prisma.service';

/** Pages through the ids of live accounts matching an audience, in id order. */
@Injectable()
export class AudienceRepository {
  constructor(private readonly prisma: PrismaService) {}

  async page(request: ListAudienceRequest): Promise<AudiencePage> {
    const now = new Date();
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

/** Audiences for the notification service's bulk batches. */
@Controller()
export class AudienceHandlers {
  constructor(private readonly audience: AudienceRepository) {}

  @HandleCommand(LIST_AUDIENCE)
  list(@Payload() request: ListAudienceRequest): Promise<AudiencePage> {
    return this.audience.page(request);
  }
}
