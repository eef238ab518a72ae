/** The numbers of the lockout policy, as pure functions of the run of failures. */
export interface LockoutPolicy {
  /** Consecutive failures on an account before answers are slowed down. */
  delayAfterFailures: number;
  /** First delay; doubles with each further failure up to delayMaxMs. */
  delayBaseMs: number;
  delayMaxMs: number;
  /** Every this many consecutive failures the account is locked for unknown devices (0: never). */
  lockoutAfterFailures: number;
  /** First lockout; doubles with each further one up to lockoutMaxMs. */
  lockoutBaseMs: number;
  lockoutMaxMs: number;
  /** NIST SP 800-63B: never more than 100 consecutive failures; then locked until unlocked. */
  maxConsecutiveFailures: number;
}

/** How long to hold an attempt after `failures` consecutive failures: doubling, capped. */
export function delayFor(policy: LockoutPolicy, failures: number): number {
  if (failures < policy.delayAfterFailures) return 0;
  const doublings = Math.min(failures - policy.delayAfterFailures, 30);
  return Math.min(policy.delayBaseMs * 2 ** doublings, policy.delayMaxMs);
}

/**
 * What the failure numbered `failures` does: nothing, a temporary lock of `ms` (the lock number
 * `previousLocks` + 1 lasts twice the one before, capped), or a lock until cleared at the limit.
 */
export function lockAfter(
  policy: LockoutPolicy,
  failures: number,
  previousLocks: number,
): { kind: 'none' } | { kind: 'temporary'; ms: number } | { kind: 'indefinite' } {
  if (failures >= policy.maxConsecutiveFailures) return { kind: 'indefinite' };
  const every = policy.lockoutAfterFailures;
  if (every === 0 || failures % every !== 0) return { kind: 'none' };
  return {
    kind: 'temporary',
    ms: Math.min(policy.lockoutBaseMs * 2 ** Math.min(previousLocks, 30), policy.lockoutMaxMs),
  };
}
