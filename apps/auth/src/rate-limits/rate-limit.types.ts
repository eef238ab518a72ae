export type RateLimitScope = 'ip' | 'user' | 'identifier' | 'client';

/** A row of rate_limits: how many requests per window, and how long an offender waits. */
export interface RateLimitRule {
  key: string;
  scope: RateLimitScope;
  limit: number;
  windowSeconds: number;
  blockDurationSeconds: number;
}
