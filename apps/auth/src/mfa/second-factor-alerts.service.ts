import { Inject, Injectable, Logger } from '@nestjs/common';
import { SECOND_FACTOR_FAILURES } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { TransactionRunner } from '../database/transaction.runner';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import { LoginAttemptsRepository } from '../sign-in/login-attempts.repository';
import type { PendingSignIn } from '../sign-in/sign-in.types';

/**
 * Tells the owner when wrong second-factor answers pile up: whoever gives them passed the
 * password, so the password is probably known to someone else. Counted across challenges since
 * the last completed sign-in, so abandoning a challenge after a few guesses does not hide them.
 */
@Injectable()
export class SecondFactorAlertsService {
  private readonly logger = new Logger(SecondFactorAlertsService.name);

  constructor(
    private readonly attempts: LoginAttemptsRepository,
    private readonly securityEvents: SecurityEventsService,
    private readonly events: EventPublisher,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** After a wrong answer has been recorded: alerts at every MFA_MAX_ATTEMPTS-th one in a row. */
  async afterFailure(pending: PendingSignIn, answerIp: string, now = this.clock.now()): Promise<void> {
    const every = this.config.twoFactor.maxAttempts;
    const failures = await this.attempts.secondFactorFailuresSinceSuccess(pending.userId);
    if (failures === 0 || failures % every !== 0) return;
    this.logger.warn({ userId: pending.userId, failures }, 'Repeated second-factor failures');
    await this.transactions.run(async (tx) => {
      await this.securityEvents.record(
        {
          userId: pending.userId,
          type: SECURITY_EVENT_TYPES.secondFactorFailures,
          severity: 'critical',
          ipAddress: answerIp,
          userAgent: pending.client.userAgent,
          deviceId: pending.deviceId,
          metadata: { failures },
        },
        tx,
      );
      await this.events.publish(tx, SECOND_FACTOR_FAILURES, {
        userId: pending.userId,
        failures,
        ip: answerIp.slice(0, 45),
        occurredAt: now.toISOString(),
      });
    });
  }
}
