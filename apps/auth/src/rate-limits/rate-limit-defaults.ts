import type { RateLimitRule } from './rate-limit.types';

/** A rule as the code defines it; a rate_limits row with the same key overrides it. */
export interface RateLimitDefault extends RateLimitRule {
  /** Route or message pattern the rule applies to, e.g. "POST /auth/sign-in". */
  endpoint: string;
  description: string;
}

/**
 * The rate-limit rules, one list: every key a route (@RateLimited) or a service counts is here,
 * so a rule limits even when its row is missing. The seed writes these as rows (ids by position:
 * append new rules at the end), and a row changes the limit, window or block duration, or turns
 * the rule off (enabled = false). Guessable secrets (passwords, one-time codes, reset requests)
 * get few attempts and a block longer than the window; refresh only needs a ceiling against
 * runaway clients.
 */
export const DEFAULT_RATE_LIMITS: readonly RateLimitDefault[] = [
  {
    key: 'sign-in:identifier',
    endpoint: 'POST /auth/sign-in',
    scope: 'identifier',
    limit: 5,
    windowSeconds: 900,
    blockDurationSeconds: 900,
    description:
      'Five password attempts per account identifier in 15 minutes, then 15 minutes blocked; only a completed sign-in starts the count again. A request with a trusted device token is counted per device instead.',
  },
  {
    key: 'sign-up:ip',
    endpoint: 'POST /auth/sign-up',
    scope: 'ip',
    limit: 5,
    windowSeconds: 3600,
    blockDurationSeconds: 3600,
    description: 'Five registrations per IP address an hour, then an hour blocked.',
  },
  {
    key: 'password-reset:identifier',
    endpoint: 'POST /auth/password-reset',
    scope: 'identifier',
    limit: 3,
    windowSeconds: 3600,
    blockDurationSeconds: 3600,
    description: 'Three reset e-mails per account identifier an hour, so the mailbox cannot be flooded.',
  },
  {
    key: 'token-refresh:user',
    endpoint: 'POST /auth/token/refresh',
    scope: 'user',
    limit: 30,
    windowSeconds: 60,
    blockDurationSeconds: 0,
    description: 'Thirty refreshes per user a minute; over it, wait for the window to end.',
  },
  {
    key: 'two-factor-verify:user',
    endpoint: 'POST /auth/mfa/verify, /auth/mfa/send, /auth/mfa/webauthn/options',
    scope: 'user',
    limit: 5,
    windowSeconds: 300,
    blockDurationSeconds: 900,
    description:
      'Five second-factor requests per account in 5 minutes, whatever challenge they answer, then 15 minutes blocked.',
  },
  {
    key: 'sign-in:ip',
    endpoint: 'POST /auth/sign-in',
    scope: 'ip',
    limit: 50,
    windowSeconds: 900,
    blockDurationSeconds: 900,
    description:
      'Fifty sign-in attempts per IP address in 15 minutes (room for shared addresses), then 15 minutes blocked.',
  },
  {
    key: 'password-reset:ip',
    endpoint: 'POST /auth/password-reset',
    scope: 'ip',
    limit: 10,
    windowSeconds: 3600,
    blockDurationSeconds: 3600,
    description: 'Ten reset requests per IP address an hour, against sweeping many addresses.',
  },
  {
    key: 'two-factor-verify:ip',
    endpoint: 'POST /auth/mfa/verify, /auth/mfa/send, /auth/mfa/webauthn/options',
    scope: 'ip',
    limit: 30,
    windowSeconds: 300,
    blockDurationSeconds: 900,
    description: 'Thirty second-factor attempts per IP address in 5 minutes, then 15 minutes blocked.',
  },
  {
    key: 'token-refresh:ip',
    endpoint: 'POST /auth/token/refresh',
    scope: 'ip',
    limit: 300,
    windowSeconds: 60,
    blockDurationSeconds: 0,
    description: 'Three hundred refreshes per IP address a minute; a ceiling against runaway clients.',
  },
];
