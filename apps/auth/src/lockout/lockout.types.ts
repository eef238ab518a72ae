export interface LockoutState {
  identifier: string;
  userId: string | null;
  consecutiveFailures: number;
  lockouts: number;
  lockedUntil: Date | null;
  lockedIndefinitelyAt: Date | null;
}

/** What a sign-in attempt must respect before its password is even checked. */
export interface SignInGate {
  /** Wait this long before checking (progressive delay). */
  delayMs: number;
}
