import { Injectable } from '@nestjs/common';
import { USER_EMAIL_ADDRESS_IN_USE, USER_EMAIL_CHANGE_UNDONE } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import { Principal } from '@orion/security';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { UserLifecycleRepository } from '../users/user-lifecycle.repository';
import { EmailTakenError } from '../users/users.errors';
import { UsersRepository } from '../users/users.repository';
import { normalizeEmail } from '../users/users.types';
import { EmailChangeRevertRepository } from './email-change-revert.repository';
import {
  EmailChangeUndoExpiredError,
  EmailChangeUndoInvalidError,
  EmailChangeUndoUsedError,
  EmailUnchangedError,
  VerificationRateLimitedError,
} from './email-verification.errors';
import { EmailVerificationRepository } from './email-verification.repository';
import { EmailVerificationService } from './email-verification.service';
import type { VerificationSent } from './email-verification.types';
import { hashVerificationToken, sameHash } from './verification-token';
import { TransactionRunner } from '../database/transaction.runner';
import { AccessCacheStore } from '../access/access-cache.store';

/** Changes of address a user may ask for per day (on top of one link per minute). */
export const EMAIL_CHANGES_PER_DAY = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Changing the address: the same answer whether or not another account has the new address (its
 * owner is told instead), limited per user, and undoable from the previous address.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly verifications: EmailVerificationRepository,
    private readonly reverts: EmailChangeRevertRepository,
    private readonly users: UsersRepository,
    private readonly lifecycle: UserLifecycleRepository,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly accessCache: AccessCacheStore,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * The limits come first, then the same statements for a free and a taken address: a
   * verification row either way; the link goes to a free address, a notice to the owner of a
   * taken one. The caller cannot tell which happened.
   */
  async request(userId: string, email: string, actor: Principal): Promise<VerificationSent> {
    return this.transactions.run(async (tx) => {
      const user = await this.verification.liveUser(userId, tx);
      if (normalizeEmail(email) === normalizeEmail(user.email)) throw new EmailUnchangedError();
      const since = new Date(this.clock.now().getTime() - DAY_MS);
      if ((await this.verifications.changesSince(user.id, user.email, since, tx)) >= EMAIL_CHANGES_PER_DAY) {
        throw new VerificationRateLimitedError(Math.ceil(DAY_MS / 1000));
      }
      const ownerId = await this.users.ownerOfEmail(email, tx);
      const sent = await this.verification.issue(user, email, actor, { deliver: ownerId === null }, tx);
      const owner = ownerId ? await this.users.findById(ownerId, tx) : null;
      if (owner) {
        await this.events.publish(tx, USER_EMAIL_ADDRESS_IN_USE, {
          userId: owner.id,
          email: owner.email,
          locale: (await this.verifications.localeOf(owner.id, tx)) ?? 'en',
          occurredAt: this.clock.now().toISOString(),
        });
      }
      return sent;
    });
  }

  /**
   * The previous address's link: restores it (verified: it just proved it receives mail), voids
   * pending changes, ends every session and refuses every access token issued until now.
   */
  async undo(token: string): Promise<{ email: string }> {
    const tokenHash = hashVerificationToken(token);
    return this.transactions.run(async (tx) => {
      const revert = await this.reverts.findByHash(tokenHash, tx);
      if (!revert || !sameHash(revert.tokenHash, tokenHash)) throw new EmailChangeUndoInvalidError();
      const now = this.clock.now();
      if (revert.usedAt) throw new EmailChangeUndoUsedError();
      if (revert.expiresAt <= now) throw new EmailChangeUndoExpiredError();
      const user = await this.users.lock(revert.userId, tx);
      if (!user || user.deletedAt) throw new EmailChangeUndoInvalidError();
      if (!(await this.reverts.consume(revert.id, now, tx))) throw new EmailChangeUndoUsedError();
      const ownerId = await this.users.ownerOfEmail(revert.previousEmail, tx);
      if (ownerId !== null && ownerId !== user.id) throw new EmailTakenError();
      await this.users.setVerifiedEmail(user.id, revert.previousEmail, now, tx);
      await this.verifications.expirePending(user.id, now, tx);
      const sessionsEnded = await this.lifecycle.endSessions(
        user.id,
        'email_change_undone',
        now,
        undefined,
        tx,
      );
      // Addresses stay out of the append-only log (they could never be erased from there).
      await this.audit.record({
        action: AuditAction.UPDATE,
        resourceType: 'user',
        resourceId: user.id,
        actor: null,
        actorId: user.id,
        metadata: { emailChangeUndone: true, revertId: revert.id, sessionsEnded },
        tx,
      });
      await this.events.publish(tx, USER_EMAIL_CHANGE_UNDONE, {
        userId: user.id,
        occurredAt: now.toISOString(),
      });
      // Before commit: if Redis cannot take the revocation, nothing changes and the link still works.
      await this.accessCache.refuseTokensBefore(user.id, now);
      return { email: revert.previousEmail };
    });
  }
}
