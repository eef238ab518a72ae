import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import { NewSecurityEvent, SecurityEventFilter, SecurityEventView } from './security-event.types';

/** security_events: append-only. Inserts are plain SQL so they join any transaction, even an inbox's. */
@Injectable()
export class SecurityEventsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(event: NewSecurityEvent, tx?: Tx): Promise<void> {
    await (tx ?? this.prisma).$executeRawUnsafe(
      `INSERT INTO security_events (user_id, type, severity, ip_address, user_agent, device_id, metadata)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::uuid, $7::jsonb)`,
      event.userId,
      event.type.slice(0, 64),
      event.severity,
      event.ipAddress?.slice(0, 45) ?? null,
      event.userAgent ?? null,
      event.deviceId ?? null,
      JSON.stringify(event.metadata ?? {}),
    );
  }

  /** Newest first; `after` is the last row of the previous page. */
  async list(filter: SecurityEventFilter, limit: number, after?: PagePosition): Promise<SecurityEventView[]> {
    const rows = await this.prisma.securityEvent.findMany({
      where: {
        ...(filter.userId && { userId: filter.userId }),
        ...(filter.type && { type: filter.type }),
        ...(after && {
          OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
        }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map((row) => ({ ...row, metadata: (row.metadata ?? {}) as Record<string, unknown> }));
  }
}
