import { Injectable } from '@nestjs/common';
import { USER_SESSION_ENDED } from '@orion/contracts';
import { Clock, EventPublisher, NEWEST_FIRST_CURSOR, Page, toPage } from '@orion/core';
import type { Principal } from '@orion/security';
import { AuditAction } from '../audit/audit-action';
import type { Tx } from '../database/transaction.runner';
import { AuditService } from '../audit/audit.service';
import { SessionNotFoundError } from './sessions.errors';
import { SessionsRepository } from './sessions.repository';
import type { NewSession, SessionRecord, SessionView } from './sessions.types';
import { AccessService } from '../access/access.service';
import { TransactionRunner } from '../database/transaction.runner';

export const END_REASON = { byUser: 'ended_by_user', byAdmin: 'revoked_by_admin' } as const;

/** The "your devices" list; ending a session tells auth (by event) to revoke its tokens. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async list(userId: string, caller: Principal, limit = 20, cursor?: string): Promise<Page<SessionView>> {
    const rows = await this.sessions.listLive(
      userId,
      this.clock.now(),
      limit + 1,
      NEWEST_FIRST_CURSOR.decode(cursor),
    );
    const page = toPage(rows, limit, NEWEST_FIRST_CURSOR.encode);
    return { ...page, items: page.items.map((row) => ({ ...row, current: isCurrent(row, caller) })) };
  }

  /** Ends one live session of `userId`; 404 when it is not theirs, unknown or already ended. */
  async endOne(userId: string, sessionId: string, caller: Principal, reason: string): Promise<void> {
    await this.access.assertMayAdminister(caller, userId);
    const ended = await this.end(userId, { id: sessionId }, caller, reason);
    if (ended === 0) throw new SessionNotFoundError();
  }

  /** Ends every live session of `userId` except the caller's own; returns how many ended. */
  async endAll(userId: string, caller: Principal, reason: string): Promise<number> {
    await this.access.assertMayAdminister(caller, userId);
    const own = caller.kind === 'user' && caller.userId === userId ? caller.sessionId : undefined;
    return this.end(userId, { exceptCurrent: own }, caller, reason);
  }

  async record(session: NewSession): Promise<{ sessionId: string }> {
    return this.transactions.run(async (tx) => {
      const { session: row, created } = await this.sessions.recordOnce(session, tx);
      if (created) {
        await this.audit.record({
          action: AuditAction.LOGIN,
          resourceType: 'session',
          resourceId: row.id,
          actor: null,
          actorId: row.userId,
          after: auditView(row),
          tx,
        });
      }
      return { sessionId: row.id };
    });
  }

  /**
   * The auth service ended these sign-ins (sign-out, reuse, password reset…): their sessions end
   * here too, in the event's inbox transaction. Nothing is announced back: auth already knows.
   */
  async endSignIns(userId: string, authFamilyIds: string[], reason: string, tx: Tx): Promise<number> {
    const ended = await this.sessions.endLive(userId, { authFamilyIds }, reason, this.clock.now(), tx);
    for (const session of ended) {
      await this.audit.record({
        action: AuditAction.LOGOUT,
        resourceType: 'session',
        resourceId: session.id,
        actor: null,
        actorId: session.userId,
        before: { status: 'ACTIVE' },
        after: { status: session.status, endReason: reason },
        metadata: { userId: session.userId, endedBy: 'auth' },
        tx,
      });
    }
    return ended.length;
  }

  touch(
    authFamilyId: string,
    ipAddress?: string,
    expiresAt?: Date,
  ): Promise<{ emailVerified: boolean } | null> {
    return this.sessions.touch(authFamilyId, this.clock.now(), ipAddress, expiresAt);
  }

  private end(
    userId: string,
    which: { id?: string; exceptCurrent?: string },
    caller: Principal,
    reason: string,
  ): Promise<number> {
    return this.transactions.run(async (tx) => {
      // The token's sid may name the session or its auth family; keep either.
      const except = which.exceptCurrent ? await this.sessions.idsOf(userId, which.exceptCurrent, tx) : [];
      const now = this.clock.now();
      const ended = await this.sessions.endLive(userId, { id: which.id, exceptIds: except }, reason, now, tx);
      for (const session of ended) await this.announce(session, caller, reason, now, tx);
      return ended.length;
    });
  }

  private async announce(
    session: SessionRecord,
    caller: Principal,
    reason: string,
    at: Date,
    tx: Tx,
  ): Promise<void> {
    await this.events.publish(tx, USER_SESSION_ENDED, {
      sessionId: session.id,
      userId: session.userId,
      authFamilyId: session.authFamilyId,
      reason,
      occurredAt: at.toISOString(),
    });
    await this.audit.record({
      action: AuditAction.LOGOUT,
      resourceType: 'session',
      resourceId: session.id,
      actor: caller,
      before: { status: 'ACTIVE' },
      after: { status: session.status, endReason: reason },
      metadata: { userId: session.userId },
      tx,
    });
  }
}

function isCurrent(session: SessionRecord, caller: Principal): boolean {
  if (caller.kind !== 'user' || !caller.sessionId) return false;
  return caller.sessionId === session.id || caller.sessionId === session.authFamilyId;
}

function auditView(session: SessionRecord) {
  const { id: _id, ...rest } = session;
  return rest;
}
