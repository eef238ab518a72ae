import type { TokenPair } from '../tokens/token.types';

/** Who is signing in, as the HTTP edge saw it. */
export interface SignInClient {
  ip: string;
  userAgent?: string;
  /** client-sent device id, may be absent; only helps to tell a new device (never trust) */
  deviceId?: string;
  /** The device token a trusted device got when it was trusted (X-Device-Token or cookie). */
  deviceToken?: string;
}

export type SignInResult =
  | { status: 'authenticated'; tokens: TokenPair }
  | { status: 'mfa_required'; challenge: { challengeToken: string; methods: string[]; expiresAt: string } };

/** Everything needed to finish a sign-in once every required factor has been presented. */
export interface PendingSignIn {
  userId: string;
  email: string;
  identifier: string;
  method: 'password' | 'oidc';
  deviceId: string | null;
  newDevice: boolean;
  /** The sign-in presented the device's token: rate limits counted the device, not the address. */
  deviceTrusted?: boolean;
  riskScore: number;
  riskReasons: string[];
  client: SignInClient;
  /** Whether the account's address is proven; false restricts the tokens (@AllowUnverifiedEmail). */
  emailVerified: boolean;
}

/** What the first factor established. */
export interface PrimaryFactorResult {
  userId: string;
  email: string;
  identifier: string;
  method: 'password' | 'oidc';
  client: SignInClient;
  emailVerified: boolean;
}

export interface LoginAttemptView {
  id: string;
  userId: string | null;
  identifier: string;
  status: LoginAttemptOutcome;
  failureReason: string | null;
  method: string;
  ipAddress: string;
  userAgent: string | null;
  deviceId: string | null;
  riskScore: number | null;
  riskReasons: string[];
  country: string | null;
  createdAt: Date;
}

export interface LoginAttemptRecord {
  userId: string | null;
  identifier: string;
  outcome: LoginAttemptOutcome;
  failureReason?: string;
  method?: string;
  ipAddress: string;
  userAgent?: string;
  deviceId?: string | null;
  riskScore?: number;
  riskReasons?: string[];
  location?: { country: string; latitude: number; longitude: number } | null;
  metadata?: Record<string, unknown>;
}

export type LoginAttemptOutcome = 'SUCCESS' | 'FAILED' | 'BLOCKED' | 'MFA_REQUIRED';
