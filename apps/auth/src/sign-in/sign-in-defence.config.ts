import { z } from 'zod';
import type { LockoutPolicy } from '../lockout/lockout-policy';

/** How sign-in defends accounts: delays and lockout, device trust, geolocation and risk scoring. */
export interface SignInDefenceConfig extends LockoutPolicy {
  /** How long "trust this device" lasts when the owner trusts it from the device list. */
  deviceTrustTtlS: number;
  /** Rate-limit rules are re-read from the database this often (0: every request). */
  rateLimitRulesRefreshS: number;
  /** Rules scoped `ip` count an IPv6 client by its network of this many leading bits. */
  rateLimitIpv6Prefix: number;
  geoipEnabled: boolean;
  risk: {
    weights: { newDevice: number; newCountry: number; impossibleTravel: number; recentFailures: number };
    /** At or above: a second factor is required. */
    mfaThreshold: number;
    /** At or above: the sign-in is refused and the owner alerted. */
    blockThreshold: number;
    /** Faster than this between two successful sign-ins is not travel. */
    impossibleTravelKmh: number;
    /** Failures on the account within this window… */
    recentFailuresWindowS: number;
    /** …at least this many of them count as recent_failures. */
    recentFailuresMin: number;
  };
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export const signInDefenceSchema = z.object({
  DEVICE_TRUST_TTL_S: integer(60, 365 * 86400).default(30 * 86400),
  SIGN_IN_DELAY_AFTER_FAILURES: integer(1, 100).default(3),
  SIGN_IN_DELAY_BASE_MS: integer(0, 60_000).default(500),
  SIGN_IN_DELAY_MAX_MS: integer(0, 60_000).default(8_000),
  SIGN_IN_LOCKOUT_AFTER_FAILURES: integer(0, 100).default(10),
  SIGN_IN_LOCKOUT_BASE_MS: integer(0, 7 * 86400_000).default(15 * 60_000),
  SIGN_IN_LOCKOUT_MAX_MS: integer(0, 7 * 86400_000).default(86400_000),
  SIGN_IN_MAX_CONSECUTIVE_FAILURES: integer(1, 100).default(100),
  RATE_LIMIT_RULES_REFRESH_S: integer(0, 3600).default(60),
  RATE_LIMIT_IPV6_PREFIX: integer(32, 128).default(64),
  GEOIP_ENABLED: flag.default(true),
  RISK_WEIGHT_NEW_DEVICE: integer(0, 100).default(20),
  RISK_WEIGHT_NEW_COUNTRY: integer(0, 100).default(30),
  RISK_WEIGHT_IMPOSSIBLE_TRAVEL: integer(0, 100).default(60),
  RISK_WEIGHT_RECENT_FAILURES: integer(0, 100).default(20),
  RISK_MFA_THRESHOLD: integer(1, 1000).default(50),
  RISK_BLOCK_THRESHOLD: integer(1, 1000).default(90),
  RISK_IMPOSSIBLE_TRAVEL_KMH: integer(1, 100_000).default(1000),
  RISK_RECENT_FAILURES_WINDOW_S: integer(60, 30 * 86400).default(3600),
  RISK_RECENT_FAILURES_MIN: integer(1, 100).default(3),
});

export function toSignInDefenceConfig(values: z.infer<typeof signInDefenceSchema>): SignInDefenceConfig {
  return {
    deviceTrustTtlS: values.DEVICE_TRUST_TTL_S,
    delayAfterFailures: values.SIGN_IN_DELAY_AFTER_FAILURES,
    delayBaseMs: values.SIGN_IN_DELAY_BASE_MS,
    delayMaxMs: values.SIGN_IN_DELAY_MAX_MS,
    lockoutAfterFailures: values.SIGN_IN_LOCKOUT_AFTER_FAILURES,
    lockoutBaseMs: values.SIGN_IN_LOCKOUT_BASE_MS,
    lockoutMaxMs: values.SIGN_IN_LOCKOUT_MAX_MS,
    maxConsecutiveFailures: values.SIGN_IN_MAX_CONSECUTIVE_FAILURES,
    rateLimitRulesRefreshS: values.RATE_LIMIT_RULES_REFRESH_S,
    rateLimitIpv6Prefix: values.RATE_LIMIT_IPV6_PREFIX,
    geoipEnabled: values.GEOIP_ENABLED,
    risk: {
      weights: {
        newDevice: values.RISK_WEIGHT_NEW_DEVICE,
        newCountry: values.RISK_WEIGHT_NEW_COUNTRY,
        impossibleTravel: values.RISK_WEIGHT_IMPOSSIBLE_TRAVEL,
        recentFailures: values.RISK_WEIGHT_RECENT_FAILURES,
      },
      mfaThreshold: values.RISK_MFA_THRESHOLD,
      blockThreshold: values.RISK_BLOCK_THRESHOLD,
      impossibleTravelKmh: values.RISK_IMPOSSIBLE_TRAVEL_KMH,
      recentFailuresWindowS: values.RISK_RECENT_FAILURES_WINDOW_S,
      recentFailuresMin: values.RISK_RECENT_FAILURES_MIN,
    },
  };
}

/** Problems that single variables cannot show. */
export function signInDefenceProblems(values: z.infer<typeof signInDefenceSchema>): string[] {
  const problems: string[] = [];
  if (values.RISK_BLOCK_THRESHOLD < values.RISK_MFA_THRESHOLD)
    problems.push('RISK_BLOCK_THRESHOLD: must not be below RISK_MFA_THRESHOLD');
  if (values.SIGN_IN_DELAY_MAX_MS < values.SIGN_IN_DELAY_BASE_MS)
    problems.push('SIGN_IN_DELAY_MAX_MS: must not be below SIGN_IN_DELAY_BASE_MS');
  if (values.SIGN_IN_LOCKOUT_MAX_MS < values.SIGN_IN_LOCKOUT_BASE_MS)
    problems.push('SIGN_IN_LOCKOUT_MAX_MS: must not be below SIGN_IN_LOCKOUT_BASE_MS');
  return problems;
}

/** The settings from the environment, or the problems that stop the service from booting. */
export function parseSignInDefenceConfig(env: NodeJS.ProcessEnv): {
  config?: SignInDefenceConfig;
  problems: string[];
} {
  const parsed = signInDefenceSchema.safeParse(env);
  if (!parsed.success)
    return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  const problems = signInDefenceProblems(parsed.data);
  return problems.length > 0 ? { problems } : { config: toSignInDefenceConfig(parsed.data), problems };
}
