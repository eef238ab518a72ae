import { Inject, Injectable, Logger } from '@nestjs/common';
import { REFRESH_TOKEN_REUSED } from '@orion/contracts';
import { Clock, EventPublisher, sha256Hex } from '@orion/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { LONG_TRANSACTION, TransactionRunner, Tx } from '../database/transaction.runner';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import { AccessTokenIssuer } from './access-token.issuer';
import { SessionAuthentication } from './session-authentication';
import { SuccessorCacheStore } from './successor-cache.store';
import { RefreshTokenExpiredError, RefreshTokenInvalidError, RefreshTokenReusedError } from './token.errors';
import { TokenFamiliesRepository } from './token-families.repository';
import { TokenRevocationService } from './token-revocation.service';
import { ClientInfo, IssuedAccessToken, RefreshTokenRecord, TokenPair } from './token.types';

type RefreshOutcome =
  | { kind: 'rotated'; pair: TokenPair; familyId: string }
  | { kind: 'replayed'; pair: TokenPair }
  | { kind: 'invalid' | 'expired' }
  | { kind: 'reused'; denied: IssuedAccessToken[] };

/**
 * Token families (RFC 9700 §4.14.2): a sign-in starts a family; each refresh rotates its token and
 * issues a new access token; a rotated token seen again after the grace window revokes the family.
 */
@Injectable()
export class TokenFamiliesService {
  private readonly logger = new Logger(TokenFamiliesService.name);

  constructor(
    private readonly tokens: TokenFamiliesRepository,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly successors: SuccessorCacheStore,
    private readonly events: EventPublisher,
    private readonly securityEvents: SecurityEventsService,
    private readonly revocations: TokenRevocationService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** A new family id, chosen before the session is recorded so both sides share it. */
  newFamilyId(): string {
    return randomUUID();
  }

  /** When a family started now stops working at the latest. */
  absoluteExpiry(now = this.clock.now()): Date {
    return new Date(now.getTime() + this.config.refreshAbsoluteTtlS * 1000);
  }

  /** Issues the first pair of a family after a successful sign-in. */
  async start(
    family: {
      userId: string;
      familyId: string;
      sessionId: string;
      deviceId?: string | null;
      authentication: SessionAuthentication;
      emailVerified: boolean;
    },
    client: ClientInfo,
    now = this.clock.now(),
  ): Promise<TokenPair> {
    const absoluteExpiresAt = this.absoluteExpiry(now);
    return this.transactions.run(
      (tx) =>
        this.issuePair({ ...family, absoluteExpiresAt, parentId: null, generation: 0 }, client, now, tx),
      LONG_TRANSACTION,
    );
  }

  /**
   * Exchanges a refresh token for a new pair; the database's row lock decides races.
   * `emailVerified` is what the new access token states (the user service answers it while the
   * rotation runs; unverified unless it says otherwise).
   */
  async refresh(
    refreshToken: string,
    client: ClientInfo,
    now = this.clock.now(),
    emailVerified: Promise<boolean> = Promise.resolve(false),
  ): Promise<TokenPair> {
    const outcome = await this.transactions.run(async (tx): Promise<RefreshOutcome> => {
      const current = await this.tokens.lockRefresh(sha256Hex(refreshToken), tx);
      if (!current) return { kind: 'invalid' };
      if (current.status === 'ROTATED') return this.rotatedAgain(current, client, now, tx);
      if (current.status !== 'ACTIVE') return { kind: 'invalid' };
      if (now >= current.expiresAt || now >= current.absoluteExpiresAt) {
        await this.tokens.markExpired(current.id, tx);
        return { kind: 'expired' };
      }
      const successorId = randomUUID();
      const pair = await this.issuePair(
        {
          userId: current.userId,
          familyId: current.familyId,
          sessionId: current.sessionId,
          deviceId: current.deviceId,
          authentication: current.authentication,
          absoluteExpiresAt: current.absoluteExpiresAt,
          parentId: current.id,
          generation: current.generation + 1,
          id: successorId,
          emailVerified: await emailVerified,
        },
        client,
        now,
        tx,
      );
      const graceS = this.config.refreshReuseGraceS;
      await this.tokens.markRotated(
        current.id,
        successorId,
        now,
        new Date(now.getTime() + graceS * 1000),
        tx,
      );
      // Written before the commit releases the lock, so a waiting twin finds it.
      await this.successors.put(current.id, pair, graceS);
      return { kind: 'rotated', pair, familyId: current.familyId };
    }, LONG_TRANSACTION);
    switch (outcome.kind) {
      case 'rotated':
      case 'replayed':
        return outcome.pair;
      case 'expired':
        throw new RefreshTokenExpiredError();
      case 'reused':
        await this.revocations.deny(outcome.denied);
        throw new RefreshTokenReusedError();
      default:
        throw new RefreshTokenInvalidError();
    }
  }

  /** Whose and which family a refresh token is (whatever its state), if it was ever issued. */
  async ownerOf(refreshToken: string): Promise<{ userId: string; familyId: string } | null> {
    const token = await this.tokens.findRefresh(sha256Hex(refreshToken));
    return token ? { userId: token.userId, familyId: token.familyId } : null;
  }

  /** The family a refresh token or an access token (by jti) belongs to, if any. */
  async familyOf(credential: { refreshToken?: string; accessTokenId?: string }): Promise<string | null> {
    if (credential.refreshToken) {
      return (await this.tokens.findRefresh(sha256Hex(credential.refreshToken)))?.familyId ?? null;
    }
    if (credential.accessTokenId) return this.tokens.familyOfAccessToken(credential.accessTokenId);
    return null;
  }

  private async rotatedAgain(
    token: RefreshTokenRecord,
    client: ClientInfo,
    now: Date,
    tx: Tx,
  ): Promise<RefreshOutcome> {
    if (token.graceExpiresAt && now <= token.graceExpiresAt) {
      const pair = await this.successors.get(token.id);
      return pair ? { kind: 'replayed', pair } : { kind: 'invalid' };
    }
    const reason = 'refresh_token_reused';
    const denied = await this.revocations.endFamily(token.familyId, reason, tx);
    await this.securityEvents.record(
      {
        userId: token.userId,
        type: SECURITY_EVENT_TYPES.tokenReuseDetected,
        severity: 'critical',
        ipAddress: client.ip,
        userAgent: client.userAgent,
        metadata: { familyId: token.familyId, tokenId: token.id, generation: token.generation },
      },
      tx,
    );
    await this.events.publish(tx, REFRESH_TOKEN_REUSED, {
      userId: token.userId,
      familyId: token.familyId,
      ...(client.ip && { ip: client.ip }),
      ...(client.userAgent && { userAgent: client.userAgent.slice(0, 512) }),
      occurredAt: now.toISOString(),
    });
    this.logger.warn(`Refresh token reused; family ${token.familyId} revoked`);
    return { kind: 'reused', denied };
  }

  private async issuePair(
    family: {
      userId: string;
      familyId: string;
      sessionId: string;
      deviceId?: string | null;
      authentication: SessionAuthentication;
      absoluteExpiresAt: Date;
      parentId: string | null;
      generation: number;
      id?: string;
      emailVerified: boolean;
    },
    client: ClientInfo,
    now: Date,
    tx: Tx,
  ): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const idleExpiry = now.getTime() + this.config.refreshIdleTtlS * 1000;
    const expiresAt = new Date(Math.min(idleExpiry, family.absoluteExpiresAt.getTime()));
    await this.tokens.insertRefresh(
      {
        id: family.id ?? randomUUID(),
        userId: family.userId,
        familyId: family.familyId,
        parentId: family.parentId,
        generation: family.generation,
        tokenHash: sha256Hex(refreshToken),
        expiresAt,
        absoluteExpiresAt: family.absoluteExpiresAt,
        sessionId: family.sessionId,
        deviceId: family.deviceId ?? null,
        ipAddress: client.ip,
        userAgent: client.userAgent,
        authentication: family.authentication,
      },
      tx,
    );
    const access = await this.issueAccess(family, now, tx);
    return {
      accessToken: access.token,
      refreshToken,
      expiresIn: this.accessTokens.ttlS,
      refreshExpiresAt: expiresAt.toISOString(),
      sessionId: family.sessionId,
    };
  }

  /**
   * A step-up: the session of `accessTokenId` proved its user again. Its family keeps the new
   * auth_time and amr for later refreshes, a STEP_UP row records the step-up (only a hash of the
   * new access token's id), and a new access token for the same session carries the values.
   */
  async renewAuthentication(
    step: {
      userId: string;
      accessTokenId: string;
      factor: string;
      authentication: SessionAuthentication;
      validForS: number;
      /** What the caller's token says; the renewed token says the same. */
      emailVerified: boolean;
    },
    client: ClientInfo,
    now = this.clock.now(),
  ): Promise<{ accessToken: string; expiresIn: number; sessionId: string; familyId: string } | null> {
    const familyId = await this.tokens.familyOfAccessToken(step.accessTokenId);
    if (!familyId) return null;
    return this.transactions.run(async (tx) => {
      const current = await this.tokens.lockActiveRefreshOfFamily(familyId, tx);
      if (!current || current.userId !== step.userId || now >= current.absoluteExpiresAt) return null;
      await this.tokens.setFamilyAuthentication(current.id, current.sessionId, step.authentication, tx);
      const access = await this.issueAccess(
        { ...current, authentication: step.authentication, emailVerified: step.emailVerified },
        now,
        tx,
      );
      await this.tokens.insertStepUp(
        {
          userId: step.userId,
          familyId,
          sessionId: current.sessionId,
          tokenHash: sha256Hex(`step-up:${access.jti}`),
          expiresAt: new Date(now.getTime() + step.validForS * 1000),
          factor: step.factor,
          amr: step.authentication.amr,
          ipAddress: client.ip,
          userAgent: client.userAgent,
        },
        tx,
      );
      return {
        accessToken: access.token,
        expiresIn: this.accessTokens.ttlS,
        sessionId: current.sessionId,
        familyId,
      };
    }, LONG_TRANSACTION);
  }

  private async issueAccess(
    family: {
      userId: string;
      familyId: string;
      sessionId: string;
      authentication: SessionAuthentication;
      emailVerified: boolean;
    },
    now: Date,
    tx: Tx,
  ): Promise<{ token: string; jti: string; expiresAt: Date }> {
    const jti = randomUUID();
    const access = await this.accessTokens.issue({
      userId: family.userId,
      jti,
      sessionId: family.sessionId,
      issuedAt: now,
      authentication: family.authentication,
      emailVerified: family.emailVerified,
    });
    await this.tokens.insertAccess(
      {
        jti,
        userId: family.userId,
        familyId: family.familyId,
        expiresAt: access.expiresAt,
        absoluteExpiresAt: access.expiresAt,
        tokenHash: sha256Hex(`access:${jti}`),
      },
      tx,
    );
    return { ...access, jti };
  }
}
