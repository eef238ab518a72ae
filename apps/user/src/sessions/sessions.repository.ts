import { Injectable } from '@nestjs/common';
import type { PagePosition } from '@orion/core';
import { Prisma } from '@orion/prisma-user';
import type { Tx } from '../database/transaction.runner';
import { PrismaService } from '../database/prisma.service';
import { SessionUserNotFoundError } from './sessions.errors';
import type { NewSession, SessionRecord } from './sessions.types';

const SELECT = {
  id: true,
  userId: true,
  authFamilyId: true,
  status: true,
  deviceName: true,
  ipAddress: true,
  userAgent: true,
  lastActivityAt: true,
  expiresAt: true,
  endedAt: true,
  endReason: true,
  createdAt: true,
} satisfies Prisma.SessionSelect;

/** Live: not ended and not past its expiry. */
const live = (now: Date): Prisma.SessionWhereInput => ({ status: 'ACTIVE', expiresAt: { gt: now } });

@Injectable()
export class SessionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async listLive(userId: string, now: Date, limit: number, after?: PagePosition): Promise<SessionRecord[]> {
    return this.prisma.session.findMany({
      where: {
        AND: [
          { userId },
          live(now),
          after
            ? {
                OR: [
                  { createdAt: { lt: after.createdAt } },
                  { createdAt: after.createdAt, id: { lt: after.id } },
                ],
              }
            : {},
        ],
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: SELECT,
    });
  }

  /**
   * Ends the user's live sessions matching `which` and returns those this call ended: a
   * concurrent call ending the same session sees it already ended, so it is reported once.
   */
  async endLive(
    userId: string,
    which: { id?: string; exceptIds?: string[]; authFamilyIds?: string[] },
    reason: string,
    at: Date,
    tx: Tx,
  ): Promise<SessionRecord[]> {
    const families = which.authFamilyIds ? { authFamilyId: { in: which.authFamilyIds } } : {};
    return tx.session.updateManyAndReturn({
      where: {
        AND: [{ userId, id: which.id }, families, live(at), { id: { notIn: which.exceptIds ?? [] } }],
      },
      data: { status: 'REVOKED', endedAt: at, endReason: reason },
      select: SELECT,
    });
  }

  /** Ids of the user's sessions that a token's `sid` may name: the session or its auth family. */
  async idsOf(userId: string, sid: string, tx: Tx): Promise<string[]> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (!uuid.test(sid)) return [];
    const rows = await tx.session.findMany({
      where: { userId, OR: [{ id: sid }, { authFamilyId: sid }] },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /** Creates the session of a family, or returns the one already recorded for it. */
  async recordOnce(session: NewSession, tx: Tx): Promise<{ session: SessionRecord; created: boolean }> {
    const inserted = await tx.session
      .createManyAndReturn({ data: [session], skipDuplicates: true, select: SELECT })
      .catch((error: unknown) => {
        const foreignKey = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
        throw foreignKey ? new SessionUserNotFoundError() : error;
      });
    if (inserted[0]) {
      // A new session is a sign-in. Written by hand so that updated_at, which says when the
      // profile last changed, stays as it is.
      await tx.$executeRaw`UPDATE users SET last_login_at = ${inserted[0].createdAt} WHERE id = ${session.userId}::uuid`;
      return { session: inserted[0], created: true };
    }
    const existing = await tx.session.findUniqueOrThrow({
      where: { authFamilyId: session.authFamilyId },
      select: SELECT,
    });
    return { session: existing, created: false };
  }

  /**
   * Moves last activity forward on a live session; null when there is none, otherwise whether
   * its account's address is verified (the refreshed access token carries it).
   */
  async touch(
    authFamilyId: string,
    at: Date,
    ipAddress?: string,
    expiresAt?: Date,
  ): Promise<{ emailVerified: boolean } | null> {
    const [touched] = await this.prisma.session.updateManyAndReturn({
      where: { AND: [{ authFamilyId }, live(at)] },
      data: { lastActivityAt: at, ...(ipAddress && { ipAddress }), ...(expiresAt && { expiresAt }) },
      select: { user: { select: { emailVerifiedAt: true } } },
    });
    return touched ? { emailVerified: touched.user.emailVerifiedAt !== null } : null;
  }
}
