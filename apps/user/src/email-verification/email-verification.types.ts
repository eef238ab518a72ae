import type { User } from '../users/users.types';

export interface VerificationSent {
  email: string;
  expiresAt: Date;
}

/** What the first verification of an address took away from the account. */
export interface PreVerificationRemovals {
  apiKeys: number;
  sessions: number;
}

export interface FirstVerification {
  user: User;
  /** Null when the address had been verified before: nothing was removed. */
  removed: PreVerificationRemovals | null;
  /** When the address counted as verified (the account's emailVerifiedAt). */
  verifiedAt: Date;
}
