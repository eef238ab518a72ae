import { Inject, Injectable, Logger } from '@nestjs/common';
import { ACCOUNT_LOCKED } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { TransactionRunner, Tx } from '../database/transaction.runner';
import { SERVICE_RATE_LIMITS } from '../rate-limits/rate-limit.types';
import { RateLimitsService } from '../rate-limits/rate-limits.service';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import type { SignInClient } from '../sign-in/sign-in.types';
import { AccountLockedError, TargetOutranksActorError } from './lockout.errors';
import { delayFor, lockAfter } from './lockout-policy';
import { LockoutRepository } from './lockout.repository';
import { UsersClient } from '../users/users.client';
import { LockoutState, SignInGate } from './lockout.types';

/**
 * Consecutive failures per typed identifier: a growing delay after a few, temporary lockouts that
 * double each time, and at most 100 in a row (NIST SP 800-63B §5.2.2) before the lock lasts until
 * cleared. Temporary locks do not apply to the holder of one of the account's trusted device
 * tokens, so an attacker guessing passwords cannot keep the owner out; a success clears them.
 */
@Injectable()
export class LockoutService {
  private readonly logger = new Logger(LockoutService.name);

  constructor(
    private readonly lockouts: LockoutRepository,
    private readonly securityEvents: SecurityEventsService,
    private readonly events: EventPublisher,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly rateLimits: RateLimitsService,
    private readonly users: UsersClient,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /**
   * Throws AccountLockedError while the identifier is locked for this attempt; else how long to
   * hold the answer. `trustedFor` is the account whose trusted device token the attempt presented:
   * it passes a temporary lock and is not slowed down, but the lock at the hard limit holds for
   * everyone until a password reset or an administrator lifts it.
   */
  async admit(identifier: string, trustedFor: string | null, now = this.clock.now()): Promise<SignInGate> {
    const state = await this.lockouts.find(identifier);
    if (!state) return { delayMs: 0 };
    const trusted = trustedFor !== null && state.userId === trustedFor;
    const lockedUntil = this.lockEnd(state, now);
    if (lockedUntil === null || (lockedUntil !== undefined && !trusted)) {
      throw new AccountLockedError(lockedUntil, now);
    }
    return { delayMs: trusted ? 0 : delayFor(this.config.defence, state.consecutiveFailures) };
  }

  /** Counts a failed attempt and locks when a threshold is reached. */
  async recordFailure(
    identifier: string,
    userId: string | null,
    client: SignInClient,
    now = this.clock.now(),
  ): Promise<void> {
    const state = await this.lockouts.addFailure(identifier, userId, now);
    const lock = lockAfter(this.config.defence, state.consecutiveFailures, state.lockouts);
    if (lock.kind === 'indefinite' && !state.lockedIndefinitelyAt) {
      await this.announce(await this.lockouts.lockIndefinitely(identifier, now), null, client, now);
    } else if (lock.kind === 'temporary') {
      const locked = await this.lockouts.lockUntil(identifier, new Date(now.getTime() + lock.ms));
      await this.announce(locked, locked.lockedUntil, client, now);
    }
  }

  /** A completed sign-in ends the run of failures. */
  async recordSuccess(identifier: string): Promise<void> {
    await this.lockouts.clear(identifier);
  }

  /**
   * An administrator or a new password clears every lock of the account, and the rate-limit
   * blocks its guesses caused (per typed address, per account on the second factor). An
   * administrator's unlock is always recorded; a password change only when it lifted something.
   */
  async unlock(
    userId: string,
    by: { actorId?: string; reason: string; recordAlways?: boolean },
    tx?: Tx,
  ): Promise<{ wasLocked: boolean; wasRateLimited: boolean }> {
    // An administrator may unlock only accounts that hold nothing more than they do.
    if (by.actorId && by.actorId !== userId) {
      const decision = await this.users.mayAdminister(by.actorId, userId);
      if (!decision.allowed) throw new TargetOutranksActorError(decision.missingPermissions);
    }
    const cleared = await this.lockouts.clearUser(userId);
    const now = this.clock.now();
    const wasLocked = cleared.some((state) => this.lockEnd(state, now) !== undefined);
    const identifiers = new Set(cleared.map((state) => state.identifier));
    // A completed sign-in may have cleared the failures while the address stays blocked.
    if (by.actorId) {
      const email = await this.users
        .contactsOf(userId)
        .then((contacts) => contacts?.email ?? null)
        .catch(() => null);
      if (email) identifiers.add(email.normalize('NFKC').trim().toLowerCase());
    }
    const released = await Promise.all([
      ...[...identifiers].map((identifier) =>
        this.rateLimits.release(SERVICE_RATE_LIMITS.signInIdentifier, identifier),
      ),
      this.rateLimits.release(SERVICE_RATE_LIMITS.twoFactorUser, `user:${userId}`),
    ]);
    const wasRateLimited = released.some(Boolean);
    if (!wasLocked && !wasRateLimited && by.recordAlways === false) return { wasLocked, wasRateLimited };
    await this.securityEvents.record(
      {
        userId,
        type: SECURITY_EVENT_TYPES.accountUnlocked,
        severity: 'info',
        metadata: {
          reason: by.reason,
          ...(by.actorId && { actorId: by.actorId }),
          wasLocked,
          wasRateLimited,
          consecutiveFailures: Math.max(0, ...cleared.map((state) => state.consecutiveFailures)),
        },
      },
      tx,
    );
    return { wasLocked, wasRateLimited };
  }

  /** undefined: not locked; null: locked until cleared; a date: locked until then. */
  private lockEnd(state: LockoutState, now: Date): Date | null | undefined {
    if (state.lockedIndefinitelyAt) return null;
    if (state.lockedUntil && state.lockedUntil > now) return state.lockedUntil;
    return undefined;
  }

  /** Security event and, for an existing account, the owner's alert. */
  private async announce(
    state: LockoutState,
    lockedUntil: Date | null,
    client: SignInClient,
    now: Date,
  ): Promise<void> {
    this.logger.warn(
      { userId: state.userId, failures: state.consecutiveFailures, lockedUntil },
      'Sign-in locked for unknown devices',
    );
    if (!state.userId) return;
    const userId = state.userId;
    await this.transactions.run(async (tx) => {
      await this.securityEvents.record(
        {
          userId,
          type: SECURITY_EVENT_TYPES.accountLocked,
          severity: 'critical',
          ipAddress: client.ip,
          userAgent: client.userAgent,
          metadata: {
            consecutiveFailures: state.consecutiveFailures,
            lockedUntil: lockedUntil?.toISOString() ?? null,
            indefinite: lockedUntil === null,
          },
        },
        tx,
      );
      await this.events.publish(tx, ACCOUNT_LOCKED, {
        userId,
        consecutiveFailures: state.consecutiveFailures,
        ...(lockedUntil && { lockedUntil: lockedUntil.toISOString() }),
        occurredAt: now.toISOString(),
      });
    });
  }
}
