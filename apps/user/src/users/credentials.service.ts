import { Injectable } from '@nestjs/common';
import type { AccountSummary, PasswordSetReason, VerifyCredentialsResponse } from '@orion/contracts';
import { assertAcceptablePassword, Clock, hashPassword, normalizePassword } from '@orion/core';
import { verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { auditedRemovals, FirstVerificationService } from '../email-verification/first-verification.service';
import { CredentialsRepository } from './credentials.repository';
import { UserLifecycleRepository } from './user-lifecycle.repository';
import { UserErasedError, UserNotFoundError } from './users.errors';
import { UsersRepository } from './users.repository';
import { TransactionRunner } from '../database/transaction.runner';

// What sign-in accepted in clear before passwords were sealed; longer ones never match.
const MAX_SIGN_IN_PASSWORD_LENGTH = 1024;

/**
 * Checking a password at sign-in, and setting one for a caller that has proven the right to (a
 * reset link, the current password).
 */
@Injectable()
export class CredentialsService {
  // Verified when no real hash exists, so an unknown address costs the same Argon2id work.
  private readonly dummyHash = hashPassword(randomBytes(32).toString('base64url'));

  constructor(
    private readonly users: UsersRepository,
    private readonly credentials: CredentialsRepository,
    private readonly lifecycle: UserLifecycleRepository,
    private readonly audit: AuditService,
    private readonly firstVerification: FirstVerificationService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The same Argon2id work whether or not the address has an account with a password. */
  async verify(email: string, password: string): Promise<VerifyCredentialsResponse> {
    const found = await this.credentials.findByEmail(email);
    const usable = found && !found.deletedAt && found.passwordHash ? found.passwordHash : null;
    const acceptable = password.length > 0 && password.length <= MAX_SIGN_IN_PASSWORD_LENGTH;
    const candidate = acceptable ? normalizePassword(password) : randomBytes(16).toString('hex');
    const matches = await verify(usable ?? (await this.dummyHash), candidate).catch(() => false);
    const valid = usable !== null && acceptable && matches;
    return {
      valid,
      userId: found?.id ?? null,
      status: found?.status ?? null,
      emailVerified: found?.emailVerifiedAt != null,
    };
  }

  /** A live account by address or id; deleted and erased accounts are not found. */
  async findAccount(by: { email: string } | { userId: string }): Promise<AccountSummary | null> {
    const account = await this.credentials.findAccount(by);
    if (!account || account.deletedAt) return null;
    return {
      userId: account.id,
      email: account.email,
      status: account.status,
      emailVerified: account.emailVerifiedAt !== null,
      hasPassword: account.hasPassword,
    };
  }

  /**
   * Applies the password policy again (no path around it), stores the Argon2id hash, ends the
   * account's sessions and audits the change, in one transaction. Returns when it took effect.
   * A reset link went to the account's address, so using it proves the address too: an
   * unverified account becomes verified, with what that removes (FirstVerificationService).
   */
  async setPassword(
    userId: string,
    password: string,
    reason: PasswordSetReason,
    sessions: { keepSessionId?: string; endOtherSessions: boolean } = { endOtherSessions: true },
  ): Promise<Date> {
    const normalized = normalizePassword(password);
    return this.transactions.run(async (tx) => {
      const user = await this.users.lock(userId, tx);
      if (!user || user.deletedAt) throw new UserNotFoundError();
      if (user.erasedAt) throw new UserErasedError();
      assertAcceptablePassword(
        normalized,
        [user.email, user.username].filter((word): word is string => Boolean(word)),
      );
      const at = this.clock.now();
      await this.credentials.setPasswordHash(userId, await hashPassword(normalized), at, tx);
      // Auth revokes the tokens; the session list must not show them as active either.
      // A reset ends every session; a change keeps the caller's, and all of them when asked to.
      const sessionsEnded =
        reason === 'reset' || sessions.endOtherSessions
          ? await this.lifecycle.endSessions(
              userId,
              `password_${reason}`,
              at,
              reason === 'change' ? sessions.keepSessionId : undefined,
              tx,
            )
          : 0;
      const removed =
        reason === 'reset' && user.emailVerifiedAt === null
          ? (await this.firstVerification.markVerified(user, user.email, at, tx)).removed
          : null;
      await this.audit.record({
        action: reason === 'change' ? AuditAction.PASSWORD_CHANGE : AuditAction.PASSWORD_RESET,
        resourceType: 'user',
        resourceId: userId,
        actor: null,
        actorId: userId,
        metadata: { reason, sessionsEnded, ...auditedRemovals(removed) },
        tx,
      });
      return at;
    });
  }
}
