import { Injectable } from '@nestjs/common';
import { USER_EMAIL_VERIFICATION_REQUESTED } from '@orion/contracts';
import { Clock, EventPublisher, FieldSealer, sealedPurpose } from '@orion/core';
import type { Principal } from '@orion/security';
import { AuditAction } from '../audit/audit-action';
import type { Tx } from '../database/transaction.runner';
import { AuditService } from '../audit/audit.service';
import { UserDeletedError, UserErasedError, UserNotFoundError } from '../users/users.errors';
import { UsersRepository } from '../users/users.repository';
import { normalizeEmail, User } from '../users/users.types';
import {
  EmailAlreadyVerifiedError,
  VerificationRateLimitedError,
  VerificationTokenExpiredError,
  VerificationTokenInvalidError,
  VerificationTokenUsedError,
} from './email-verification.errors';
import { EmailChangeNoticesService } from './email-change-notices.service';
import { EmailVerificationRepository } from './email-verification.repository';
import type { FirstVerification, VerificationSent } from './email-verification.types';
import { auditedRemovals, FirstVerificationService } from './first-verification.service';
import { hashVerificationToken, newVerificationToken, sameHash } from './verification-token';
import { AccessService } from '../access/access.service';
import { TransactionRunner } from '../database/transaction.runner';

export const VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000;
/** At most one verification e-mail per user per minute: a mailbox cannot be flooded through us. */
export const VERIFICATION_INTERVAL_MS = 60 * 1000;

/** Confirms e-mail addresses with single-use, expiring tokens; the e-mail goes out through the outbox. */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly verifications: EmailVerificationRepository,
    private readonly users: UsersRepository,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly notices: EmailChangeNoticesService,
    private readonly access: AccessService,
    private readonly firstVerification: FirstVerificationService,
    private readonly sealer: FieldSealer,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Sends a new link to the user's current address. */
  async requestForCurrentEmail(userId: string, actor: Principal): Promise<VerificationSent> {
    return this.transactions.run(async (tx) => {
      const user = await this.liveUser(userId, tx);
      if (user.emailVerifiedAt) throw new EmailAlreadyVerifiedError();
      return this.issue(user, user.email, actor, { deliver: true }, tx);
    });
  }

  /**
   * Writes a token for `email` and its e-mail event in the caller's transaction. The caller
   * holds the user's row lock (or has just created the row), which makes the rate limit exact.
   * Without `deliver` the same row is written and nothing is sent (an address that belongs to
   * someone else: its link could never apply, and the answer must not differ).
   */
  async issue(
    user: User,
    email: string,
    actor: Principal | null,
    options: { deliver: boolean },
    tx: Tx,
  ): Promise<VerificationSent> {
    const now = this.clock.now();
    const last = await this.verifications.latestCreatedAt(user.id, tx);
    if (last && now.getTime() - last.getTime() < VERIFICATION_INTERVAL_MS) {
      throw new VerificationRateLimitedError(
        Math.ceil((VERIFICATION_INTERVAL_MS - (now.getTime() - last.getTime())) / 1000),
      );
    }
    await this.verifications.expirePending(user.id, now, tx);
    const token = newVerificationToken();
    const expiresAt = new Date(now.getTime() + VERIFICATION_TTL_MS);
    const record = await this.verifications.insert(
      {
        userId: user.id,
        email: email.trim(),
        tokenHash: hashVerificationToken(token),
        expiresAt,
      },
      tx,
    );
    const isChangeOfAddress = normalizeEmail(email) !== normalizeEmail(user.email);
    const locale = (await this.verifications.localeOf(user.id, tx)) ?? 'en';
    if (options.deliver) {
      await this.events.publish(tx, USER_EMAIL_VERIFICATION_REQUESTED, {
        userId: user.id,
        email: record.email,
        locale,
        // Only the notification service, which e-mails it, can read the token.
        token: this.sealer.sealFor(
          'notification',
          sealedPurpose(USER_EMAIL_VERIFICATION_REQUESTED, 'token'),
          token,
        ),
        isChangeOfAddress,
        expiresAt: expiresAt.toISOString(),
        occurredAt: now.toISOString(),
      });
    }
    // The address itself stays out of the append-only log (it could never be erased from there).
    await this.audit.record({
      action: AuditAction.CREATE,
      resourceType: 'email_verification',
      resourceId: record.id,
      actor,
      metadata: { userId: user.id, isChangeOfAddress },
      tx,
    });
    return { email: record.email, expiresAt };
  }

  /**
   * Consumes a token: marks the address verified and applies a pending change of address. The
   * first verification of an account also says what it removed (see FirstVerificationService).
   */
  async verify(token: string): Promise<FirstVerification> {
    const tokenHash = hashVerificationToken(token);
    return this.transactions.run(async (tx) => {
      const record = await this.verifications.findByHash(tokenHash, tx);
      if (!record || !sameHash(record.tokenHash, tokenHash)) throw new VerificationTokenInvalidError();
      const now = this.clock.now();
      if (record.verifiedAt) throw new VerificationTokenUsedError();
      if (record.expiresAt <= now) throw new VerificationTokenExpiredError();
      const user = await this.users.lock(record.userId, tx);
      if (!user || user.deletedAt) throw new VerificationTokenInvalidError();
      if (!(await this.verifications.consume(record.id, now, tx))) throw new VerificationTokenUsedError();
      const isChangeOfAddress = normalizeEmail(record.email) !== normalizeEmail(user.email);
      const outcome = await this.firstVerification.markVerified(user, record.email, now, tx);
      if (isChangeOfAddress) {
        await this.notices.changeApplied(
          { userId: user.id, previousEmail: user.email, newEmail: record.email },
          now,
          tx,
        );
      }
      await this.audit.record({
        action: AuditAction.EMAIL_VERIFY,
        resourceType: 'user',
        resourceId: user.id,
        // Whoever holds the link acts for the account's owner.
        actor: null,
        actorId: user.id,
        before: { status: user.status, emailVerified: user.emailVerifiedAt !== null },
        after: { status: outcome.user.status, emailVerified: true },
        metadata: {
          verificationId: record.id,
          isChangeOfAddress,
          ...auditedRemovals(outcome.removed),
        },
        tx,
      });
      return outcome;
    });
  }

  /**
   * An administrator vouches for the account's current address: the same effect as its link,
   * which stays usable. Already verified: nothing changes and nothing is recorded.
   */
  async confirmForUser(userId: string, actor: Principal): Promise<User> {
    await this.access.assertMayAdminister(actor, userId);
    return this.transactions.run(async (tx) => {
      const user = await this.users.lock(userId, tx);
      if (!user) throw new UserNotFoundError();
      if (user.erasedAt) throw new UserErasedError();
      if (user.deletedAt) throw new UserDeletedError();
      if (user.emailVerifiedAt) return user;
      const { user: verified, removed } = await this.firstVerification.markVerified(
        user,
        user.email,
        this.clock.now(),
        tx,
      );
      await this.audit.record({
        action: AuditAction.EMAIL_VERIFY,
        resourceType: 'user',
        resourceId: user.id,
        actor,
        before: { status: user.status, emailVerified: false },
        after: { status: verified.status, emailVerified: true },
        metadata: { source: 'admin', isChangeOfAddress: false, ...auditedRemovals(removed) },
        tx,
      });
      return verified;
    });
  }

  /** The user, locked, unless deleted. */
  async liveUser(userId: string, tx: Tx): Promise<User> {
    const user = await this.users.lock(userId, tx);
    if (!user || user.deletedAt) throw new UserNotFoundError();
    return user;
  }
}
