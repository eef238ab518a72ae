import type { SignInResult } from '../sign-in/sign-in.types';
export interface LinkedIdentity {
  provider: string;
  providerUserId: string;
  userId: string;
  email: string | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export type LinkOutcome = 'linked' | 'already-linked' | 'conflict';

/** An identity a provider vouched for, as the callback established it. */
export interface ProviderIdentity {
  provider: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name?: string;
  scopes: string[];
}

export type SocialCallbackResult =
  SignInResult | { status: 'linked'; provider: string } | { status: 'verification_pending'; message: string };

/** A started flow: where to send the user agent, and the binding only that user agent may hold. */
export interface StartedAuthorization {
  authorizationUrl: string;
  state: string;
  /** Random, 256 bits; kept by the user agent (cookie or front end), only its hash with the state. */
  binding: string;
}

/** What a started sign-in or link needs at its callback; the state value itself is the key. */
export interface PendingAuthorization {
  provider: string;
  /** `link`: bound to the signed-in user who started it. */
  purpose: 'sign-in' | 'link';
  userId?: string;
  redirectUri: string;
  codeVerifier: string;
  nonce: string;
}
