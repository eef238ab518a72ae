export const RATE_LIMIT_SCOPES = ['ip', 'user', 'identifier', 'client'] as const;
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number];

/** A rule: how many requests per window, and how long an offender waits. */
export interface RateLimitRule {
  key: string;
  scope: RateLimitScope;
  limit: number;
  windowSeconds: number;
  blockDurationSeconds: number;
}

/** A row of rate_limits: changes a rule's numbers, or turns it off with enabled = false. */
export interface RateLimitOverride extends RateLimitRule {
  enabled: boolean;
}

/** Rules that services count themselves (they need to know whom a request is for). */
export const SERVICE_RATE_LIMITS = {
  signInIp: 'sign-in:ip',
  /** Per typed address, or per trusted device for a request carrying its device token. */
  signInIdentifier: 'sign-in:identifier',
  signUpIp: 'sign-up:ip',
  /** Every second-factor request, per account the challenge is for. */
  twoFactorUser: 'two-factor-verify:user',
} as const;
