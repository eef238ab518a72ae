import { Inject, Injectable, Logger } from '@nestjs/common';
import { USER_DISABLED } from '@orion/contracts';
import { EventPublisher, REDIS_CLIENT } from '@orion/core';
import {
  invalidateApiKey,
  invalidateUserPermissions,
  Principal,
  revokeUserTokensBefore,
} from '@orion/security';
import type Redis from 'ioredis';
import { AuditAction } from '../audit/audit-action';
import type { UserTransaction } from '../audit/audit.repository';
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
import { DISABLED_STATUSES, User, UserStatus } from './user.types';

/**
 * Status changes, soft delete, restore and erasure. Whatever disables an account ends its
 * sessions and tokens at once: sessions marked ended and `user.disabled.v1` (auth revokes the
 * refresh tokens) in the change's transaction, access tokens refused through Redis before it
 * commits, cached permission decisions and API keys invalidated after.
 */
@Injectable()
export class UserLifecycleService {
  private readonly logger = new Logger(UserLifecycleService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly lifecycle: UserLifecycleRepository,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  async changeStatus(
    id: string,
    status: UserStatus,
    reason: string | undefined,
    actor: Principal,
  ): Promise<User> {
    refuseSelf(actor, id, 'change the status of');
    return this.withAccount(id, async (tx, user) => {
      if (user.deletedAt) throw new UserDeletedError();
      if (user.status === status) return { user, keys: null };
      const updated = await this.users.setStatus(tx, id, status);
      const disabling = DISABLED_STATUSES.includes(status) && !DISABLED_STATUSES.includes(user.status);
      const keys = disabling
        ? await this.disable(tx, user, status, reason ?? 'status changed by an administrator')
        : null;
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
      return { user: updated, keys };
    });
  }

  async softDelete(id: string, actor: Principal): Promise<User> {
    refuseSelf(actor, id, 'delete');
    return this.withAccount(id, async (tx, user) => {
      if (user.deletedAt) throw new UserDeletedError();
      const deleted = await this.lifecycle.softDelete(tx, user, new Date());
      const keys = await this.disable(tx, user, 'DELETED', 'account deleted by an administrator');
      await this.audit.record({
        action: AuditAction.DELETE,
        resourceType: 'user',
        resourceId: id,
        actor,
        before: { deleted: false },
        after: { deleted: true },
        tx,
      });
      return { user: deleted, keys };
    });
  }

  async restore(id: string, actor: Principal): Promise<User> {
    return this.withAccount(id, async (tx, user) => {
      if (!user.deletedAt) throw new UserNotDeletedError();
      const restored = await this.lifecycle.restore(tx, user);
      await this.audit.record({
        action: AuditAction.RESTORE,
        resourceType: 'user',
        resourceId: id,
        actor,
        before: { deleted: true },
        after: { deleted: false },
        tx,
      });
      return { user: restored, keys: null };
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
    return this.withAccount(id, async (tx, user) => {
      const keys = await this.disable(tx, user, 'DELETED', 'account erased');
      const erased = await this.lifecycle.erase(tx, id, new Date());
      await this.audit.record({
        action: AuditAction.DELETE,
        resourceType: 'user',
        resourceId: id,
        actor,
        before: { status: user.status },
        after: { status: erased.status },
        metadata: { erasure: true, ...(reason && { reason }) },
        tx,
      });
      return { user: erased, keys };
    });
  }

  /** Locks the account, runs the change, then drops what caches still know about a disabled one. */
  private async withAccount(
    id: string,
    change: (tx: UserTransaction, user: User) => Promise<{ user: User; keys: string[] | null }>,
  ): Promise<User> {
    const { user, keys } = await this.users.transaction(async (tx) => {
      const current = await this.users.lock(tx, id);
      if (!current) throw new UserNotFoundError();
      if (current.status === 'DELETED') throw new UserErasedError();
      return change(tx, current);
    });
    if (keys) await this.forgetCached(id, keys);
    return user;
  }

  /** Returns the ids of the user's API keys, whose cached verifications must go after commit. */
  private async disable(tx: UserTransaction, user: User, status: string, reason: string): Promise<string[]> {
    const now = new Date();
    await this.lifecycle.endSessions(
      tx,
      user.id,
      status === 'DELETED' ? 'user_deleted' : 'user_disabled',
      now,
    );
    await this.events.publish(tx, USER_DISABLED, {
      userId: user.id,
      status,
      reason,
      occurredAt: now.toISOString(),
    });
    const keys = await this.lifecycle.apiKeyIds(tx, user.id);
    // Before commit: if Redis cannot take the revocation, nothing changes and the caller retries.
    await revokeUserTokensBefore(this.redis, user.id, now);
    return keys;
  }

  // After commit, so no check racing with the transaction caches the old answer again.
  private async forgetCached(userId: string, apiKeyIds: string[]): Promise<void> {
    try {
      await invalidateUserPermissions(this.redis, userId);
      for (const keyId of apiKeyIds) await invalidateApiKey(this.redis, keyId);
    } catch (error) {
      this.logger.warn(`Cached permissions of a disabled user not invalidated: ${(error as Error).message}`);
    }
  }
}

function refuseSelf(actor: Principal, id: string, action: string): void {
  const actorId = actor.kind === 'user' ? actor.userId : actor.ownerId;
  if (actorId?.toLowerCase() === id.toLowerCase()) throw new CannotTargetSelfError(action);
}
