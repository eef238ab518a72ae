import { Injectable } from '@nestjs/common';
import { Clock } from '@orion/core';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import { SessionAuthentication, sessionAuthenticationOf } from './session-authentication';
import {
  DeniedAccessToken,
  IssuedAccessToken,
  NewRefreshToken,
  RefreshTokenRecord,
  RefreshTokenStatus,
  RevokedTokens,
} from './token.types';

type FamilyMetadata = { sessionId?: string; authTime?: string; amr?: string[] };

const familyMetadata = (sessionId: string, authentication: SessionAuthentication): FamilyMetadata => ({
  sessionId,
  authTime: authentication.authTime.toISOString(),
  amr: authentication.amr,
});

interface RefreshRow {
  id: string;
  user_id: string;
  family_id: string;
  generation: number;
  status: RefreshTokenStatus;
  expires_at: Date;
  absolute_expires_at: Date;
  grace_expires_at: Date | null;
  device_id: string | null;
  metadata: FamilyMetadata | null;
}

interface AccessRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
}

/**
 * auth_tokens (refresh tokens and the access tokens issued with them) and session_blacklist.
 * Revocation is plain SQL so it runs in an event handler's inbox transaction too.
 */
@Injectable()
export class TokenFamiliesRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** The refresh token with this hash, locked until the transaction ends: concurrent uses queue up. */
  async lockRefresh(tokenHash: string, tx: Tx): Promise<RefreshTokenRecord | null> {
    const rows = await tx.$queryRaw<RefreshRow[]>`
      SELECT id, user_id, family_id, generation, status, expires_at, absolute_expires_at,
             grace_expires_at, device_id, metadata
        FROM auth_tokens
       WHERE token_hash = ${tokenHash} AND type = 'REFRESH'
         FOR UPDATE`;
    return rows[0] ? toRefresh(rows[0]) : null;
  }

  async findRefresh(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const rows = await this.prisma.$queryRaw<RefreshRow[]>`
      SELECT id, user_id, family_id, generation, status, expires_at, absolute_expires_at,
             grace_expires_at, device_id, metadata
        FROM auth_tokens
       WHERE token_hash = ${tokenHash} AND type = 'REFRESH'`;
    return rows[0] ? toRefresh(rows[0]) : null;
  }

  /** The family of an access token, by its jti (the row id). */
  async familyOfAccessToken(jti: string): Promise<string | null> {
    const row = await this.prisma.authToken.findFirst({
      where: { id: jti, type: 'ACCESS' },
      select: { familyId: true },
    });
    return row?.familyId ?? null;
  }

  async insertRefresh(token: NewRefreshToken, tx: Tx): Promise<void> {
    await tx.authToken.create({
      data: {
        id: token.id,
        userId: token.userId,
        type: 'REFRESH',
        tokenHash: token.tokenHash,
        familyId: token.familyId,
        parentId: token.parentId,
        generation: token.generation,
        expiresAt: token.expiresAt,
        absoluteExpiresAt: token.absoluteExpiresAt,
        ipAddress: token.ipAddress,
        userAgent: token.userAgent,
        deviceId: token.deviceId ?? null,
        metadata: familyMetadata(token.sessionId, token.authentication),
      },
    });
  }

  /** The family's live refresh token, locked: a step-up and a rotation of the family queue up. */
  async lockActiveRefreshOfFamily(familyId: string, tx: Tx): Promise<RefreshTokenRecord | null> {
    const rows = await tx.$queryRaw<RefreshRow[]>`
      SELECT id, user_id, family_id, generation, status, expires_at, absolute_expires_at,
             grace_expires_at, device_id, metadata
        FROM auth_tokens
       WHERE family_id = ${familyId}::uuid AND type = 'REFRESH' AND status = 'ACTIVE'
       ORDER BY generation DESC
       LIMIT 1
         FOR UPDATE`;
    return rows[0] ? toRefresh(rows[0]) : null;
  }

  /** A step-up renews the session's authentication: later rotations carry the new values. */
  async setFamilyAuthentication(
    refreshId: string,
    sessionId: string,
    authentication: SessionAuthentication,
    tx: Tx,
  ): Promise<void> {
    await tx.authToken.update({
      where: { id: refreshId },
      data: { metadata: familyMetadata(sessionId, authentication) },
    });
  }

  /**
   * The record of a step-up (type STEP_UP): bound to the user and the family (session), holding
   * only the hash of the access token id it was answered with, alive for the re-authentication
   * window.
   */
  async insertStepUp(
    stepUp: {
      userId: string;
      familyId: string;
      sessionId: string;
      tokenHash: string;
      expiresAt: Date;
      factor: string;
      amr: string[];
      ipAddress?: string;
      userAgent?: string;
    },
    tx: Tx,
  ): Promise<void> {
    await tx.authToken.create({
      data: {
        userId: stepUp.userId,
        type: 'STEP_UP',
        tokenHash: stepUp.tokenHash,
        familyId: stepUp.familyId,
        expiresAt: stepUp.expiresAt,
        absoluteExpiresAt: stepUp.expiresAt,
        usedAt: this.clock.now(),
        ipAddress: stepUp.ipAddress,
        userAgent: stepUp.userAgent,
        metadata: { sessionId: stepUp.sessionId, factor: stepUp.factor, amr: stepUp.amr },
      },
    });
  }

  /** Access tokens are kept by jti (their row id) so a family's can be denied before they expire. */
  async insertAccess(
    token: IssuedAccessToken & { tokenHash: string; absoluteExpiresAt: Date },
    tx: Tx,
  ): Promise<void> {
    await tx.authToken.create({
      data: {
        id: token.jti,
        userId: token.userId,
        type: 'ACCESS',
        tokenHash: token.tokenHash,
        familyId: token.familyId,
        expiresAt: token.expiresAt,
        absoluteExpiresAt: token.absoluteExpiresAt,
      },
    });
  }

  async markRotated(
    id: string,
    successorId: string,
    usedAt: Date,
    graceExpiresAt: Date,
    tx: Tx,
  ): Promise<void> {
    await tx.authToken.update({
      where: { id },
      data: { status: 'ROTATED', replacedById: successorId, usedAt, graceExpiresAt },
    });
  }

  async markExpired(id: string, tx: Tx): Promise<void> {
    await tx.authToken.update({ where: { id }, data: { status: 'EXPIRED' } });
  }

  /**
   * Denied access tokens that can still pass their exp check, in id order after `afterId`: the
   * source the Redis deny-list is rebuilt from.
   */
  async liveDenials(now: Date, afterId: string | null, limit: number): Promise<DeniedAccessToken[]> {
    const rows = await this.prisma.sessionBlacklist.findMany({
      where: { expiresAt: { gt: now }, ...(afterId && { id: { gt: afterId } }) },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, jti: true, expiresAt: true },
    });
    return rows;
  }

  /** Revokes every live token of a family; returns its access tokens that have not expired yet. */
  revokeFamily(familyId: string, reason: string, tx: Tx): Promise<RevokedTokens> {
    return this.revokeWhere('family_id = $1::uuid', [familyId, reason], tx);
  }

  /** Revokes every live token of every family of the user. */
  revokeUser(userId: string, reason: string, tx: Tx): Promise<RevokedTokens> {
    return this.revokeWhere('user_id = $1::uuid', [userId, reason], tx);
  }

  /** Revokes every live token of the user's other families: `familyId` (the caller's) stays. */
  revokeUserExcept(userId: string, familyId: string, reason: string, tx: Tx): Promise<RevokedTokens> {
    return this.revokeWhere('user_id = $1::uuid AND family_id <> $3::uuid', [userId, reason, familyId], tx);
  }

  /** Revokes every live token of the families of the user that started before `at`. */
  revokeUserStartedBefore(userId: string, at: Date, reason: string, tx: Tx): Promise<RevokedTokens> {
    return this.revokeWhere(
      `user_id = $1::uuid AND family_id IN (
         SELECT family_id FROM auth_tokens WHERE user_id = $1::uuid AND created_at < $3::timestamptz)`,
      [userId, reason, at],
      tx,
    );
  }

  /** `parameters` are $1 (the subject), $2 (the reason) and whatever `condition` uses after them. */
  private async revokeWhere(
    condition: string,
    parameters: [string, string, ...unknown[]],
    tx: Tx,
  ): Promise<RevokedTokens> {
    const reason = parameters[1];
    const rows = await tx.$queryRawUnsafe<AccessRow[]>(
      `UPDATE auth_tokens
          SET status = 'REVOKED', revoked_at = now(), revoked_reason = $2, updated_at = now()
        WHERE ${condition} AND status IN ('ACTIVE', 'ROTATED')
    RETURNING id, user_id, family_id, expires_at, type`,
      ...parameters,
    );
    const now = this.clock.now();
    const live = (rows as (AccessRow & { type: string })[]).filter(
      (row) => row.type === 'ACCESS' && row.expires_at > now,
    );
    for (const row of live) {
      // Survives a Redis restart; Redis answers the hot path.
      await tx.$executeRawUnsafe(
        `INSERT INTO session_blacklist (jti, user_id, family_id, reason, expires_at)
         VALUES ($1, $2::uuid, $3::uuid, $4, $5) ON CONFLICT (jti) DO NOTHING`,
        row.id,
        row.user_id,
        row.family_id,
        reason,
        row.expires_at,
      );
    }
    const ended = new Map<string, string>();
    for (const row of rows as (AccessRow & { type: string })[]) {
      if (row.type === 'REFRESH') ended.set(row.family_id, row.user_id);
    }
    return {
      accessTokens: live.map((row) => ({
        jti: row.id,
        userId: row.user_id,
        familyId: row.family_id,
        expiresAt: row.expires_at,
      })),
      families: [...ended].map(([familyId, userId]) => ({ familyId, userId })),
    };
  }
}

function toRefresh(row: RefreshRow): RefreshTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    familyId: row.family_id,
    generation: row.generation,
    status: row.status,
    expiresAt: row.expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
    graceExpiresAt: row.grace_expires_at,
    sessionId: row.metadata?.sessionId ?? '',
    deviceId: row.device_id,
    authentication: sessionAuthenticationOf(row.metadata ?? {}),
  };
}
