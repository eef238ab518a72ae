import { delayFor, lockAfter, LockoutPolicy } from './lockout-policy';

const policy: LockoutPolicy = {
  delayAfterFailures: 3,
  delayBaseMs: 500,
  delayMaxMs: 8000,
  lockoutAfterFailures: 10,
  lockoutBaseMs: 60_000,
  lockoutMaxMs: 300_000,
  maxConsecutiveFailures: 100,
};

describe('lockout policy', () => {
  it('delays from the threshold on, doubling up to the cap', () => {
    expect([0, 2, 3, 4, 5, 7, 8, 60].map((failures) => delayFor(policy, failures))).toEqual([
      0, 0, 500, 1000, 2000, 8000, 8000, 8000,
    ]);
  });

  it('locks for a while at every tenth failure, each lock twice the last, capped', () => {
    expect(lockAfter(policy, 9, 0)).toEqual({ kind: 'none' });
    expect(lockAfter(policy, 10, 0)).toEqual({ kind: 'temporary', ms: 60_000 });
    expect(lockAfter(policy, 20, 1)).toEqual({ kind: 'temporary', ms: 120_000 });
    expect(lockAfter(policy, 90, 8)).toEqual({ kind: 'temporary', ms: 300_000 });
  });

  it('locks until cleared at the 100th consecutive failure, and never temporarily when turned off', () => {
    expect(lockAfter(policy, 100, 9)).toEqual({ kind: 'indefinite' });
    expect(lockAfter({ ...policy, lockoutAfterFailures: 0 }, 50, 0)).toEqual({ kind: 'none' });
    expect(lockAfter({ ...policy, lockoutAfterFailures: 0 }, 100, 0)).toEqual({ kind: 'indefinite' });
  });
});
