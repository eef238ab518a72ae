import { Injectable } from '@nestjs/common';
import { SIGN_INS_ENDED } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import { LONG_TRANSACTION, TransactionRunner, Tx } from '../database/transaction.runner';
import { RevocationListStore } from './revocation-list.store';
import { TokenFamiliesRepository } from './token-families.repository';
import { IssuedAccessToken, RevokedTokens } from './token.types';

/**
 * Ends token families: their rows revoked in a transaction (the caller's or one of its own), the
 * user service told which sign-ins ended, and after the commit their access tokens refused.
 */
@Injectable()
export class TokenRevocationService {
  constructor(
    private readonly tokens: TokenFamiliesRepository,
    private readonly denials: RevocationListStore,
    private readonly events: EventPublisher,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Ends one family (sign-out, session ended elsewhere). */
  async revokeFamily(familyId: string, reason: string, tx?: Tx): Promise<void> {
    const revoke = (work: Tx) => this.endFamily(familyId, reason, work);
    const denied = tx ? await revoke(tx) : await this.transactions.run(revoke, LONG_TRANSACTION);
    await this.denials.deny(denied);
  }

  /** Ends every family of the user and refuses every access token issued to them until now. */
  async revokeUser(userId: string, reason: string, tx?: Tx): Promise<void> {
    const revoke = async (work: Tx) =>
      this.announceEnded(await this.tokens.revokeUser(userId, reason, work), reason, work);
    const denied = tx ? await revoke(tx) : await this.transactions.run(revoke, LONG_TRANSACTION);
    await this.denials.refuseUserTokensBefore(userId, this.clock.now());
    await this.denials.deny(denied);
  }

  /**
   * Ends every other family of the user (a password change that keeps the caller signed in): their
   * access tokens are denied by jti, so the caller's own keeps working.
   */
  async revokeUserExcept(userId: string, familyId: string, reason: string, tx: Tx): Promise<void> {
    const denied = await this.announceEnded(
      await this.tokens.revokeUserExcept(userId, familyId, reason, tx),
      reason,
      tx,
    );
    await this.denials.deny(denied);
  }

  /**
   * Ends the user's sign-ins that started before `at` and refuses the access tokens issued before
   * it; a sign-in made after `at` goes on. Never moves an existing not-before back.
   */
  async revokeUserBefore(userId: string, at: Date, reason: string, tx: Tx): Promise<void> {
    const revoked = await this.tokens.revokeUserStartedBefore(userId, at, reason, tx);
    const denied = await this.announceEnded(revoked, reason, tx);
    const current = await this.denials.userTokensNotBefore(userId);
    if (!(current * 1000 >= at.getTime())) {
      // Whole seconds down, so a token issued in the second after `at` still passes.
      await this.denials.refuseUserTokensBefore(userId, new Date(Math.floor(at.getTime() / 1000) * 1000));
    }
    await this.denials.deny(denied);
  }

  /**
   * Revokes one family inside `tx` and announces it; returns the access tokens to refuse once
   * `tx` has committed (see `deny`).
   */
  async endFamily(familyId: string, reason: string, tx: Tx): Promise<IssuedAccessToken[]> {
    return this.announceEnded(await this.tokens.revokeFamily(familyId, reason, tx), reason, tx);
  }

  /** Refuses the access tokens by jti in the deny-list every verifier reads. */
  deny(tokens: IssuedAccessToken[]): Promise<void> {
    return this.denials.deny(tokens);
  }

  /**
   * Tells the user service which sign-ins ended, in the revoking transaction, so their sessions
   * end too; returns the access tokens to refuse. Ending a session the user service already ended
   * changes nothing there, so revocations it asked for may be announced as well.
   */
  private async announceEnded(revoked: RevokedTokens, reason: string, tx: Tx): Promise<IssuedAccessToken[]> {
    const byUser = new Map<string, string[]>();
    for (const { userId, familyId } of revoked.families) {
      byUser.set(userId, [...(byUser.get(userId) ?? []), familyId]);
    }
    for (const [userId, authFamilyIds] of byUser) {
      await this.events.publish(tx, SIGN_INS_ENDED, {
        userId,
        authFamilyIds,
        reason,
        occurredAt: this.clock.now().toISOString(),
      });
    }
    return revoked.accessTokens;
  }
}
