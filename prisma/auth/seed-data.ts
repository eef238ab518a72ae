/**
 * What the auth seed writes, as plain data with fixed ids: the seed inserts whatever is missing
 * by id and never rewrites a row, and scripts can count records without a database.
 */
import { DEFAULT_RATE_LIMITS, RateLimitDefault } from '../../apps/auth/src/rate-limits/rate-limit-defaults';
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

export interface RateLimitSeed extends RateLimitDefault {
  id: string;
}

/** The code's default rules as rows with fixed ids (by position), so operators can override them. */
export const RATE_LIMITS: readonly RateLimitSeed[] = DEFAULT_RATE_LIMITS.map((rule, index) => ({
  id: `51000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
  ...rule,
}));

/** Record counts per model, for scripts that describe the seed without a database. */
export const AUTH_SEED_COUNTS = {
  Device: TRUSTED_DEVICES.length,
  RateLimit: RATE_LIMITS.length,
} as const;
