import type { PendingSignIn } from '../sign-in/sign-in.types';
import type { MfaMethod } from '../two-factor/two-factor.types';

/** A challenge as read back; the token itself is never stored, only its SHA-256. */
export interface StoredChallenge {
  pending: PendingSignIn;
  methods: MfaMethod[];
  expiresAt: string;
  attempts: number;
  /** Keyed hashes of codes sent by SMS or e-mail for this challenge. */
  codeDigests: Partial<Record<'sms' | 'email', string>>;
  /** The WebAuthn challenge issued for this sign-in, if any. */
  webauthnChallenge: string | null;
}
