import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/**
 * Too many failed sign-ins for this identifier, on a device the account does not trust. Answered
 * the same for addresses without an account, so it does not reveal who is registered.
 */
export class AccountLockedError extends DomainError {
  readonly code = 'ACCOUNT_LOCKED';
  readonly status = HttpStatus.LOCKED;
  /** `now`: when the lock was met, what Retry-After counts from. */
  constructor(
    readonly lockedUntil: Date | null,
    now: Date,
  ) {
    super(
      lockedUntil
        ? 'Too many failed sign-ins. Try again later, or sign in from a device you trust.'
        : 'Too many failed sign-ins. Reset your password, sign in from a device you trust, or contact support.',
    );
    this.extensions.lockedUntil = lockedUntil?.toISOString() ?? null;
    // A temporary lock says when to come back; the global filter turns it into Retry-After.
    const retryAfter = this.retryAfterSeconds(now);
    if (retryAfter !== null) this.extensions.retryAfter = retryAfter;
  }

  /** Whole seconds until the lock ends; null while it lasts until cleared. */
  retryAfterSeconds(now: Date): number | null {
    return this.lockedUntil
      ? Math.max(1, Math.ceil((this.lockedUntil.getTime() - now.getTime()) / 1000))
      : null;
  }
}

/** The account holds permissions the administrator does not: the hierarchy forbids acting on it. */
export class TargetOutranksActorError extends DomainError {
  readonly code = 'TARGET_OUTRANKS_ACTOR';
  readonly status = HttpStatus.FORBIDDEN;
  constructor(missing: string[]) {
    super(`The account holds permissions you do not hold yourself: ${missing.join(', ')}.`);
    this.extensions.missingPermissions = missing;
  }
}
