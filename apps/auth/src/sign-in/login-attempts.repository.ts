import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import { LoginAttemptView, LoginAttemptRecord } from './sign-in.types';

export interface LocatedSignIn {
  country: string;
  latitude: number;
  longitude: number;
  at: Date;
}

/** login_attempts: every sign-in attempt, append-only. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inside `tx` when given, so the attempt commits with the events it causes. */
  async record(attempt: LoginAttemptRecord, tx?: Tx): Promise<void> {
    await (tx ?? this.prisma).$executeRawUnsafe(
      `INSERT INTO login_attempts (user_id, identifier, status, failure_reason, method, ip_address,
         user_agent, device_id, risk_score, risk_reasons, country, latitude, longitude, metadata)
       VALUES ($1::uuid, $2, $3::"LoginAttemptStatus", $4, $5, $6, $7, $8::uuid, $9, $10::varchar[],
         $11, $12, $13, $14::jsonb)`,
      attempt.userId,
      attempt.identifier.slice(0, 320),
      attempt.outcome,
      attempt.failureReason?.slice(0, 64) ?? null,
      attempt.method ?? 'password',
      attempt.ipAddress.slice(0, 45),
      attempt.userAgent ?? null,
      attempt.deviceId ?? null,
      attempt.riskScore ?? null,
      attempt.riskReasons ?? [],
      attempt.location?.country ?? null,
      attempt.location?.latitude ?? null,
      attempt.location?.longitude ?? null,
      JSON.stringify(attempt.metadata ?? {}),
    );
  }

  /** The latest successful sign-in whose address could be located. */
  async lastLocatedSuccess(userId: string): Promise<LocatedSignIn | null> {
    const row = await this.prisma.loginAttempt.findFirst({
      where: { userId, status: 'SUCCESS', country: { not: null }, latitude: { not: null } },
      orderBy: { createdAt: 'desc' },
      select: { country: true, latitude: true, longitude: true, createdAt: true },
    });
    if (!row?.country || row.latitude === null || row.longitude === null) return null;
    return { country: row.country, latitude: row.latitude, longitude: row.longitude, at: row.createdAt };
  }

  /** Countries the user has successfully signed in from. */
  async successCountries(userId: string): Promise<string[]> {
    const rows = await this.prisma.loginAttempt.findMany({
      where: { userId, status: 'SUCCESS', country: { not: null } },
      select: { country: true },
      distinct: ['country'],
    });
    return rows.map((row) => row.country as string);
  }

  /** Wrong second-factor answers of the account since its last completed sign-in. */
  async secondFactorFailuresSinceSuccess(userId: string): Promise<number> {
    const lastSuccess = await this.prisma.loginAttempt.findFirst({
      where: { userId, status: 'SUCCESS' },
      orderBy: { createdAt: 'desc' },
      select: { createdAt: true },
    });
    return this.prisma.loginAttempt.count({
      where: {
        userId,
        status: 'FAILED',
        failureReason: 'second_factor_invalid',
        ...(lastSuccess && { createdAt: { gt: lastSuccess.createdAt } }),
      },
    });
  }

  countFailuresSince(userId: string, since: Date): Promise<number> {
    return this.prisma.loginAttempt.count({ where: { userId, status: 'FAILED', createdAt: { gte: since } } });
  }

  /** Newest first; `after` is the last row of the previous page. */
  async list(filter: { userId?: string }, limit: number, after?: PagePosition): Promise<LoginAttemptView[]> {
    return this.prisma.loginAttempt.findMany({
      where: {
        ...(filter.userId && { userId: filter.userId }),
        ...(after && {
          OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
        }),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: {
        id: true,
        userId: true,
        identifier: true,
        status: true,
        failureReason: true,
        method: true,
        ipAddress: true,
        userAgent: true,
        deviceId: true,
        riskScore: true,
        riskReasons: true,
        country: true,
        createdAt: true,
      },
    });
  }
}
