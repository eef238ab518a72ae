import { Injectable } from '@nestjs/common';
import { TWO_FACTOR_CHANGED, TwoFactorMethodName } from '@orion/contracts';
import { EventPublisher } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import { MfaMethod } from '../two-factor/two-factor.types';
import { PreVerificationRepository } from './pre-verification.repository';
import { TokenRevocationService } from '../tokens/token-revocation.service';

export interface PreVerificationRemovals {
  identityProviders: string[];
  secondFactors: string[];
  trustedDevices: number;
}

/**
 * The first verification of an account's address (user.email-verified.v1): whoever registered
 * the address before may not have owned it, so identity-provider links, second factors, trusted
 * devices and every sign-in of the account end here. The user service removed its API keys and
 * sessions in the transaction that verified the address.
 */
@Injectable()
export class PreVerificationService {
  constructor(
    private readonly removals: PreVerificationRepository,
    private readonly revocations: TokenRevocationService,
    private readonly securityEvents: SecurityEventsService,
    private readonly events: EventPublisher,
  ) {}

  /** `at`: when the address was verified; what was added since is the owner's and stays. */
  async clear(userId: string, at: Date, tx: Tx): Promise<PreVerificationRemovals> {
    const removed: PreVerificationRemovals = {
      identityProviders: await this.removals.removeLinks(userId, at, tx),
      secondFactors: await this.removals.removeSecondFactors(userId, at, tx),
      trustedDevices: await this.removals.untrustDevices(userId, tx),
    };
    // Sign-ins after the verification (the owner signing in at once) are the owner's: they stay.
    await this.revocations.revokeUserBefore(userId, at, 'email_first_verified', tx);
    await this.securityEvents.record(
      {
        userId,
        type: SECURITY_EVENT_TYPES.preVerificationAccessRemoved,
        severity: 'warning',
        metadata: { ...removed },
      },
      tx,
    );
    const [method] = removed.secondFactors;
    if (method) {
      // The user service keeps a copy of the factors; it learns of the removal like of any other.
      await this.events.publish(tx, TWO_FACTOR_CHANGED, {
        userId,
        change: 'disabled',
        method: method as TwoFactorMethodName,
        methods: (await this.removals.remainingMethods(userId, tx)) as MfaMethod[],
        backupCodesLeft: 0,
        occurredAt: at.toISOString(),
      });
    }
    return removed;
  }
}
