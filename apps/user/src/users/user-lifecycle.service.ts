import { Injectable, Logger } from '@nestjs/common';
import { USER_DISABLED, UserDisabledCause } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import { Principal } from '@orion/security';
import { AccessService } from '../access/access.service';
import { AuditAction } from '../audit/audit-action';
import type { Tx } from '../database/transaction.runner';
import { AuditService } from '../audit/audit.service';
import { UserLifecycleRepository } from './user-lifecycle.repository';
import {
  CannotTargetSelfError,
  ErasureNotConfirmedError,
  UserDeletedError,
  UserErasedError,
  UserNotDeletedError,
  UserNotFoundError,
} from './users.errors';
import { UsersRepository } from './users.repository';
import { DISABLED_STATUSES, User, UserStatus } from './users.types';
import { TransactionRunner } from '../database/transaction.runner';
import { AccessCacheStore } from '../access/access-cache.store';

/** What a change did to the account; `changed` false when it was already so. */
interface Outcome {
  user: User;
  changed: boolean;
}

/**
 * Status changes, soft delete, restore and erasure. Whatever disables an account ends its
 * sessions and tokens at once: sessions marked ended and `user.disabled.v1` (auth revokes the
 * refresh tokens) in the change's transaction, access tokens refused through Redis before it
 * commits. Every change, enabling ones too, invalidates the user's cached permission decisions
 * and API key verifications after it commits: only ACTIVE and PENDING_VERIFICATION accounts
 * that are not deleted hold permissions.
 */
@Injectable()
export class UserLifecycleService {
  private readonly logger = new Logger(UserLifecycleService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly lifecycle: UserLifecycleRepository,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly accessCache: AccessCacheStore,
    private readonly access: AccessService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async changeStatus(
    id: string,
    status: UserStatus,
    reason: string | undefined,
    actor: Principal,
  ): Promise<User> {
    refuseSelf(actor, id, 'change the status of');
    await this.access.assertMayAdminister(actor, id);
    return this.withAccount(id, async (user, tx) => {
      if (user.deletedAt) throw new UserDeletedError();
      if (user.status === status) return { user, changed: false };
      const updated = await this.users.setStatus(id, status, tx);
      const disabling = DISABLED_STATUSES.includes(status) && !DISABLED_STATUSES.includes(user.status);
      if (disabling) {
        await this.disable(id, status, 'status', reason ?? 'status changed by an administrator', tx);
      }
      await this.audit.record({
        action: AuditAction.UPDATE,
        resourceType: 'user',
        resourceId: id,
        actor,
        before: { status: user.status },
        after: { status },
        metadata: reason ? { reason } : {},
        tx,
      });
      return { user: updated, changed: true };
    });
  }

  /** Recoverable: the status stays as it was, so a restore brings the account back as it was. */
  async softDelete(id: string, actor: Principal): Promise<User> {
    refuseSelf(actor, id, 'delete');
    await this.access.assertMayAdminister(actor, id);
    return this.withAccount(id, async (user, tx) => {
      if (user.deletedAt) throw new UserDeletedError();
      const deleted = await this.lifecycle.softDelete(user, this.clock.now(), tx);
      await this.disable(id, user.status, 'deleted', 'account deleted by an administrator', tx);
      await this.audit.record({
        action: AuditAction.DELETE,
        resourceType: 'user',
        resourceId: id,
        actor,
        before: { deleted: false },
        after: { deleted: true },
        tx,
      });
      return { user: deleted, changed: true };
    });
  }

  async restore(id: string, actor: Principal): Promise<User> {
    await this.access.assertMayAdminister(actor, id);
    return this.withAccount(id, async (user, tx) => {
      if (!user.deletedAt) throw new UserNotDeletedError();
      const restored = await this.lifecycle.restore(user, tx);
      await this.audit.record({
        action: AuditAction.RESTORE,
        resourceType: 'user',
        resourceId: id,
        actor,
        before: { deleted: true },
        after: { deleted: false },
        tx,
      });
      return { user: restored, changed: true };
    });
  }

  /** Irreversible: personal data and credentials go, the anonymous row stays for the audit trail. */
  async erase(
    id: string,
    confirmUserId: string,
    reason: string | undefined,
    actor: Principal,
  ): Promise<User> {
    if (confirmUserId.toLowerCase() !== id.toLowerCase()) throw new ErasureNotConfirmedError();
    refuseSelf(actor, id, 'erase');
    await this.access.assertMayAdminister(actor, id);
    return this.withAccount(id, async (user, tx) => {
      await this.disable(id, 'DEACTIVATED', 'erased', 'account erased', tx);
      const erased = await this.lifecycle.erase(id, this.clock.now(), tx);
      await this.audit.record({
        action: AuditAction.DELETE,
        resourceType: 'user',
        resourceId: id,
        actor,
        before: { status: user.status, erased: false },
        after: { status: erased.status, erased: true },
        metadata: { erasure: true, ...(reason && { reason }) },
        tx,
      });
      return { user: erased, changed: true };
    });
  }

  /** Locks the account, runs the change, then drops what caches still know about the account. */
  private async withAccount(id: string, change: (user: User, tx: Tx) => Promise<Outcome>): Promise<User> {
    const { user, changed, apiKeyIds } = await this.transactions.run(async (tx) => {
      const current = await this.users.lock(id, tx);
      if (!current) throw new UserNotFoundError();
      if (current.erasedAt) throw new UserErasedError();
      // Read before the change: an erasure deletes the keys whose cached verifications must go.
      const apiKeyIds = await this.lifecycle.apiKeyIds(id, tx);
      return { ...(await change(current, tx)), apiKeyIds };
    });
    if (changed) await this.forgetCached(id, apiKeyIds);
    return user;
  }

  private async disable(
    userId: string,
    status: UserStatus,
    cause: UserDisabledCause,
    reason: string,
    tx: Tx,
  ): Promise<void> {
    const now = this.clock.now();
    const reasonEnded = cause === 'status' ? 'user_disabled' : 'user_deleted';
    await this.lifecycle.endSessions(userId, reasonEnded, now, undefined, tx);
    await this.events.publish(tx, USER_DISABLED, {
      userId,
      status,
      cause,
      reason,
      occurredAt: now.toISOString(),
    });
    // Before commit: if Redis cannot take the revocation, nothing changes and the caller retries.
    await this.accessCache.refuseTokensBefore(userId, now);
  }

  // After commit, so no check racing with the transaction caches the old answer again. Enabling
  // changes need it as much as disabling ones: a cached denial would outlive a reactivation.
  private async forgetCached(userId: string, apiKeyIds: string[]): Promise<void> {
    try {
      await this.accessCache.forgetUser(userId);
      for (const keyId of apiKeyIds) await this.accessCache.forgetApiKey(keyId);
    } catch (error) {
      this.logger.warn(
        `Cached permissions of a changed account not invalidated: ${(error as Error).message}`,
      );
    }
  }
}

function refuseSelf(actor: Principal, id: string, action: string): void {
  const actorId = actor.kind === 'user' ? actor.userId : actor.ownerId;
  if (actorId?.toLowerCase() === id.toLowerCase()) throw new CannotTargetSelfError(action);
}
