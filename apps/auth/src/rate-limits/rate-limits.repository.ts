import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { RateLimitOverride, RateLimitScope } from './rate-limit.types';

/** rate_limits: operators' overrides of the rules in code; the counters live in Redis. */
@Injectable()
export class RateLimitsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every row, enabled or not: a disabled row turns its rule off. */
  async overrides(): Promise<RateLimitOverride[]> {
    const rows = await this.prisma.rateLimit.findMany({
      select: {
        key: true,
        scope: true,
        limit: true,
        windowSeconds: true,
        blockDurationSeconds: true,
        enabled: true,
      },
    });
    return rows.map((row) => ({ ...row, scope: row.scope as RateLimitScope }));
  }
}
