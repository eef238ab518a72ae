import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { RateLimitRule, RateLimitScope } from './rate-limit.types';

/** rate_limits: the rules; their counters live in Redis. */
@Injectable()
export class RateLimitsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async enabledRules(): Promise<RateLimitRule[]> {
    const rows = await this.prisma.rateLimit.findMany({
      where: { enabled: true },
      select: { key: true, scope: true, limit: true, windowSeconds: true, blockDurationSeconds: true },
    });
    return rows.map((row) => ({ ...row, scope: row.scope as RateLimitScope }));
  }
}
