import { Injectable } from '@nestjs/common';
import { USER_EMAIL_VERIFIED } from '@orion/contracts';
import { EventPublisher } from '@orion/core';

import type { Tx } from '../database/transaction.runner';
import { UsersRepository } from '../users/users.repository';
import { User } from '../users/users.types';
import type { FirstVerification, PreVerificationRemovals } from './email-verification.types';
import { PreVerificationRepository } from './pre-verification.repository';
import { AccessCacheStore } from '../access/access-cache.store';

/**
 * The removals as audit metadata: the audit log hides fields named like secrets ("key"), so
 * the API keys are counted under another name.
 */
export const auditedRemovals = (removed: PreVerificationRemovals | null) =>
  removed && { removedBeforeVerification: { apiAccess: removed.apiKeys, sessions: removed.sessions } };

/**
 * Applies a verified address. The first time an account's address is proven, whoever registered
 * it may not have been its owner, so everything the account gained until then goes: API keys and
 * sessions here, identity-provider links, second factors, trusted devices and sign-ins in the
 * auth service (on `user.email-verified.v1`, published in the same transaction). Unverified
 * accounts cannot add any of these (their tokens are restricted), so "before the first
 * verification" is exactly "while unverified"; removing all of it needs no bookkeeping.
 */
@Injectable()
export class FirstVerificationService {
  constructor(
    private readonly users: UsersRepository,
    private readonly removals: PreVerificationRepository,
    private readonly events: EventPublisher,
    private readonly accessCache: AccessCacheStore,
  ) {}

  /**
   * Marks `email` verified on the locked `user`; registration completes with the first verified
   * address. Call inside the transaction that holds the user's row lock.
   */
  async markVerified(user: User, email: string, at: Date, tx: Tx): Promise<FirstVerification> {
    const first = user.emailVerifiedAt === null;
    let verified = await this.users.setVerifiedEmail(user.id, email, at, tx);
    if (verified.status === 'PENDING_VERIFICATION')
      verified = await this.users.setStatus(user.id, 'ACTIVE', tx);
    if (!first) return { user: verified, removed: null, verifiedAt: at };
    const apiKeyIds = await this.removals.removeApiKeys(user.id, at, tx);
    const sessions = await this.removals.endSessions(user.id, at, tx);
    await this.events.publish(tx, USER_EMAIL_VERIFIED, {
      userId: user.id,
      email: verified.email,
      apiKeysRemoved: apiKeyIds.length,
      sessionsEnded: sessions,
      occurredAt: at.toISOString(),
    });
    // Before the commit the keys still verify from cache for at most this request's duration.
    for (const keyId of apiKeyIds) await this.accessCache.forgetApiKey(keyId);
    return { user: verified, removed: { apiKeys: apiKeyIds.length, sessions }, verifiedAt: at };
  }
}
