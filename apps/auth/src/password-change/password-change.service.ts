import { Inject, Injectable } from '@nestjs/common';
import { PASSWORD_CHANGED } from '@orion/contracts';
import {
  assertAcceptablePassword,
  Clock,
  EventPublisher,
  normalizePassword,
  SERVICE_CONFIG,
  ServiceConfig,
} from '@orion/core';
import { assertRecentAuthentication, UserPrincipal } from '@orion/security';
import { LONG_TRANSACTION, TransactionRunner } from '../database/transaction.runner';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import { SignInClient } from '../sign-in/sign-in.types';
import { StepUpService } from '../step-up/step-up.service';
import { StepUpSessionEndedError } from '../step-up/step-up.errors';
import { TokenFamiliesService } from '../tokens/token-families.service';
import { UsersClient } from '../users/users.client';
import { TokenRevocationService } from '../tokens/token-revocation.service';

export interface PasswordChange {
  currentPassword?: string;
  newPassword: string;
  keepOtherSessions?: boolean;
}

/**
 * A signed-in owner sets a new password (OWASP ASVS 6.2.2, 6.2.3): proven by the current password
 * (checked like a sign-in) or a recent sign-in or step-up; the sign-up policy; the user service's
 * hash set in the same transaction that ends the other sessions; an alert to the owner.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly stepUps: StepUpService,
    private readonly users: UsersClient,
    private readonly families: TokenFamiliesService,
    private readonly revocations: TokenRevocationService,
    private readonly securityEvents: SecurityEventsService,
    private readonly events: EventPublisher,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
  ) {}

  async change(caller: UserPrincipal, change: PasswordChange, client: SignInClient): Promise<void> {
    if (!caller.sessionId) throw new StepUpSessionEndedError();
    if (change.currentPassword !== undefined) {
      await this.stepUps.confirmPassword(caller.userId, change.currentPassword, client);
    } else {
      const { security } = this.service;
      assertRecentAuthentication(caller, security.reauthenticationMaxAgeS, security, this.clock.now());
    }
    const account = await this.users.findAccount({ userId: caller.userId });
    if (!account) throw new StepUpSessionEndedError();
    const password = normalizePassword(change.newPassword);
    assertAcceptablePassword(password, [account.email]);
    const familyId = await this.families.familyOf({ accessTokenId: caller.tokenId });
    if (!familyId) throw new StepUpSessionEndedError();
    const endOthers = !change.keepOtherSessions;
    const now = this.clock.now();
    // If the user service fails, nothing here commits: no session ends for a password not set.
    await this.transactions.run(async (tx) => {
      await this.users.setPassword(caller.userId, password, 'change', {
        keepSessionId: caller.sessionId,
        endOtherSessions: endOthers,
      });
      if (endOthers) await this.revocations.revokeUserExcept(caller.userId, familyId, 'password_changed', tx);
      await this.securityEvents.record(
        {
          userId: caller.userId,
          type: SECURITY_EVENT_TYPES.passwordChanged,
          severity: 'warning',
          ipAddress: client.ip,
          userAgent: client.userAgent,
          metadata: { sessionId: caller.sessionId, otherSessionsEnded: endOthers },
        },
        tx,
      );
      await this.events.publish(tx, PASSWORD_CHANGED, {
        userId: caller.userId,
        method: 'change',
        ...(client.ip && { ip: client.ip.slice(0, 45) }),
        ...(client.userAgent && { userAgent: client.userAgent.slice(0, 512) }),
        occurredAt: now.toISOString(),
      });
    }, LONG_TRANSACTION);
  }
}
