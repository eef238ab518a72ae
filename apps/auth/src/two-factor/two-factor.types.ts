/** Second factors a user can enrol (backup codes are a fallback, not a factor row). */
export const FACTOR_METHODS = ['totp', 'webauthn', 'sms', 'email'] as const;
export type FactorMethod = (typeof FACTOR_METHODS)[number];

/** What a sign-in challenge can be answered with. */
export const MFA_METHODS = [...FACTOR_METHODS, 'backup_code'] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

/** A two_factor_auth row as the services see it; secret fields stay inside the services. */
export interface StoredFactor {
  id: string;
  userId: string;
  method: FactorMethod;
  label: string | null;
  /** TOTP secret sealed with the service key. */
  secretEncrypted: string | null;
  /** Phone number (SMS); null for e-mail, which always uses the account's current address. */
  destination: string | null;
  /** WebAuthn credential id (base64url) and COSE public key (base64url). */
  credentialId: string | null;
  publicKey: string | null;
  signCount: number;
  verifiedAt: Date | null;
  lastUsedAt: Date | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

/** Who made a change, kept with security events. */
export interface ActingClient {
  ip?: string;
  userAgent?: string;
}

export type MessageMethod = 'sms' | 'email';

/** A code's keyed hash and expiry, as kept next to whatever it unlocks: "<hex>.<epoch ms>". */
export type SealedCode = string;

export interface WebAuthnCredentialView {
  id: string;
  label: string | null;
  transports: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface TotpEnrolment {
  factorId: string;
  /** Base32, for typing into an app by hand; shown once. */
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}
