/**
 * What the auth seed writes, as plain data with fixed ids: the seed inserts whatever is missing
 * by id and never rewrites a row, and scripts can count records without a database.
 */
import { SAMPLE_ADMIN, SAMPLE_USER } from '../sample-accounts';

export interface DeviceSeed {
  id: string;
  userId: string;
  /** SHA-256 (hex) of the device identifier the client would send; here of a fixed label. */
  fingerprintHash: string;
  name: string;
  deviceType: string;
  os: string;
  browser: string;
  /** A fixed instant keeps the seed reproducible; sample devices stay trusted until then. */
  trustedUntil: string;
  lastIp: string;
}

/**
 * Devices the sample accounts trusted, for the device list. They carry no device token, so no
 * client can present them as trusted.
 */
export const TRUSTED_DEVICES: readonly DeviceSeed[] = [
  {
    id: '50000000-0000-4000-8000-000000000001',
    userId: SAMPLE_ADMIN.id,
    fingerprintHash: 'efcdfcd676a22ae5706956a65d369a4a82971eeb47c524396fbacbc350965f42',
    name: 'Admin laptop',
    deviceType: 'desktop',
    os: 'Linux',
    browser: 'Firefox',
    trustedUntil: '2030-01-01T00:00:00.000Z',
    lastIp: '127.0.0.1',
  },
  {
    id: '50000000-0000-4000-8000-000000000002',
    userId: SAMPLE_ADMIN.id,
    fingerprintHash: '0628d865dc32b2069cb2bfbde4bd9f4d8c76db368bc9def88234533f6c272028',
    name: 'Admin phone',
    deviceType: 'mobile',
    os: 'Android',
    browser: 'Orion app',
    trustedUntil: '2030-01-01T00:00:00.000Z',
    lastIp: '127.0.0.1',
  },
  {
    id: '50000000-0000-4000-8000-000000000003',
    userId: SAMPLE_USER.id,
    fingerprintHash: 'af85c8eb4cd6d03388bbcb402a06fec6484376dc2fdba5439777739a10b62dc1',
    name: 'Laptop',
    deviceType: 'desktop',
    os: 'macOS',
    browser: 'Safari',
    trustedUntil: '2030-01-01T00:00:00.000Z',
    lastIp: '127.0.0.1',
  },
];

export interface RateLimitSeed {
  id: string;
  key: string;
  endpoint: string;
  /** What is counted: ip, user, identifier or client. */
  scope: 'ip' | 'user' | 'identifier' | 'client';
  limit: number;
  windowSeconds: number;
  blockDurationSeconds: number;
  description: string;
}

/**
 * One rule per sensitive endpoint. Guessable secrets (passwords, one-time codes, reset
 * requests) get few attempts and a block longer than the window; refresh only needs a ceiling
 * against runaway clients.
 */
export const RATE_LIMITS: readonly RateLimitSeed[] = [
  {
    id: '51000000-0000-4000-8000-000000000001',
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
    id: '51000000-0000-4000-8000-000000000002',
    key: 'sign-up:ip',
    endpoint: 'POST /auth/sign-up',
    scope: 'ip',
    limit: 5,
    windowSeconds: 3600,
    blockDurationSeconds: 3600,
    description: 'Five registrations per IP address an hour, then an hour blocked.',
  },
  {
    id: '51000000-0000-4000-8000-000000000003',
    key: 'password-reset:identifier',
    endpoint: 'POST /auth/password-reset',
    scope: 'identifier',
    limit: 3,
    windowSeconds: 3600,
    blockDurationSeconds: 3600,
    description: 'Three reset e-mails per account identifier an hour, so the mailbox cannot be flooded.',
  },
  {
    id: '51000000-0000-4000-8000-000000000004',
    key: 'token-refresh:user',
    endpoint: 'POST /auth/token/refresh',
    scope: 'user',
    limit: 30,
    windowSeconds: 60,
    blockDurationSeconds: 0,
    description: 'Thirty refreshes per user a minute; over it, wait for the window to end.',
  },
  {
    id: '51000000-0000-4000-8000-000000000005',
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
    id: '51000000-0000-4000-8000-000000000006',
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
    id: '51000000-0000-4000-8000-000000000007',
    key: 'password-reset:ip',
    endpoint: 'POST /auth/password-reset',
    scope: 'ip',
    limit: 10,
    windowSeconds: 3600,
    blockDurationSeconds: 3600,
    description: 'Ten reset requests per IP address an hour, against sweeping many addresses.',
  },
  {
    id: '51000000-0000-4000-8000-000000000008',
    key: 'two-factor-verify:ip',
    endpoint: 'POST /auth/mfa/verify, /auth/mfa/send, /auth/mfa/webauthn/options',
    scope: 'ip',
    limit: 30,
    windowSeconds: 300,
    blockDurationSeconds: 900,
    description: 'Thirty second-factor attempts per IP address in 5 minutes, then 15 minutes blocked.',
  },
  {
    id: '51000000-0000-4000-8000-000000000009',
    key: 'token-refresh:ip',
    endpoint: 'POST /auth/token/refresh',
    scope: 'ip',
    limit: 300,
    windowSeconds: 60,
    blockDurationSeconds: 0,
    description: 'Three hundred refreshes per IP address a minute; a ceiling against runaway clients.',
  },
];

/** Record counts per model, for scripts that describe the seed without a database. */
export const AUTH_SEED_COUNTS = {
  Device: TRUSTED_DEVICES.length,
  RateLimit: RATE_LIMITS.length,
} as const;
