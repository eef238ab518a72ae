import { ConfigurationError } from '@orion/core';
import { z } from 'zod';
import { AccountConfig, parseAccountConfig } from './account.config';
import { parseTwoFactorConfig, TwoFactorConfig } from '../two-factor/two-factor.config';
import { parseSignInDefenceConfig, SignInDefenceConfig } from '../sign-in/sign-in-defence.config';

/** Settings only the auth service reads, validated at boot next to the shared ServiceConfig. */
export interface AuthConfig {
  /** Access-token lifetime (exp − iat). */
  accessTokenTtlS: number;
  /** A refresh token dies if not used within this (the family's idle timeout). */
  refreshIdleTtlS: number;
  /** A family dies this long after its sign-in, however active. */
  refreshAbsoluteTtlS: number;
  /** A rotated refresh token presented again within this gets the same successor back. */
  refreshReuseGraceS: number;
  /**
   * While the user service does not answer, a refresh goes on only this long after the user
   * service last confirmed the session; later ones answer 503 until it is back.
   */
  refreshPeerOutageGraceS: number;
  /** Secret the signing keys' private halves are encrypted under (HKDF-derived AES-256 key). */
  keyEncryptionSecret: string;
  /** A signing key older than this is replaced automatically. */
  signingKeyMaxAgeS: number;
  /** A new key is published this long before it signs, so verifiers' caches already hold it. */
  signingKeyPublishAheadS: number;
  /** Second factors: challenges, codes, trusted devices, WebAuthn relying party. */
  twoFactor: TwoFactorConfig;
  /** Sign-in defence: delays, lockout, device trust, geolocation, risk scoring. */
  defence: SignInDefenceConfig;
  /** Password reset, social sign-in (OpenID Connect) and the cleanup job. */
  account: AccountConfig;
}

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

// Development and tests only; production refuses to boot without a real secret.
const DEVELOPMENT_SECRET = 'orion-development-key-encryption-secret-not-for-production';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  ACCESS_TOKEN_TTL_S: integer(30, 3600).default(600),
  REFRESH_IDLE_TTL_S: integer(60, 365 * 86400).default(7 * 86400),
  REFRESH_ABSOLUTE_TTL_S: integer(60, 365 * 86400).default(30 * 86400),
  REFRESH_REUSE_GRACE_S: integer(0, 120).default(10),
  REFRESH_PEER_OUTAGE_GRACE_S: integer(0, 86_400).default(900),
  AUTH_KEY_ENCRYPTION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SIGNING_KEY_MAX_AGE_S: integer(3600, 365 * 86400).default(30 * 86400),
  SIGNING_KEY_PUBLISH_AHEAD_S: integer(0, 86400).default(900),
});

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const parsed = schema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (parsed.success && parsed.data.NODE_ENV === 'production' && !parsed.data.AUTH_KEY_ENCRYPTION_SECRET) {
    problems.push('AUTH_KEY_ENCRYPTION_SECRET is required but not set');
  }
  if (parsed.success && parsed.data.REFRESH_IDLE_TTL_S > parsed.data.REFRESH_ABSOLUTE_TTL_S) {
    problems.push('REFRESH_IDLE_TTL_S: must not exceed REFRESH_ABSOLUTE_TTL_S');
  }
  // Every verifier refuses tokens older than JWT_MAX_TOKEN_AGE_S (libs/core, default 3600).
  if (parsed.success && parsed.data.ACCESS_TOKEN_TTL_S > Number(env.JWT_MAX_TOKEN_AGE_S || 3600)) {
    problems.push('ACCESS_TOKEN_TTL_S: must not exceed JWT_MAX_TOKEN_AGE_S');
  }
  const twoFactor = parseTwoFactorConfig(env);
  problems.push(...twoFactor.problems);
  const defence = parseSignInDefenceConfig(env);
  problems.push(...defence.problems);
  const account = parseAccountConfig(env);
  problems.push(...account.problems);
  if (twoFactor.config && account.config)
    problems.push(...retentionProblems(env, twoFactor.config, account.config));
  if (!parsed.success || !twoFactor.config || !defence.config || !account.config || problems.length > 0)
    throw new ConfigurationError(problems);
  const values = parsed.data;
  return {
    accessTokenTtlS: values.ACCESS_TOKEN_TTL_S,
    refreshIdleTtlS: values.REFRESH_IDLE_TTL_S,
    refreshAbsoluteTtlS: values.REFRESH_ABSOLUTE_TTL_S,
    refreshReuseGraceS: values.REFRESH_REUSE_GRACE_S,
    refreshPeerOutageGraceS: values.REFRESH_PEER_OUTAGE_GRACE_S,
    keyEncryptionSecret: values.AUTH_KEY_ENCRYPTION_SECRET ?? DEVELOPMENT_SECRET,
    signingKeyMaxAgeS: values.SIGNING_KEY_MAX_AGE_S,
    signingKeyPublishAheadS: values.SIGNING_KEY_PUBLISH_AHEAD_S,
    twoFactor: twoFactor.config,
    defence: defence.config,
    account: account.config,
  };
}

/**
 * Published outbox rows must be gone before the shortest-lived secret an event carries (a code or
 * a reset link, sealed as they are) would stop working. OUTBOX_RETENTION_S itself is validated by
 * the service configuration; only its relation to the lifetimes is checked here.
 */
function retentionProblems(
  env: NodeJS.ProcessEnv,
  twoFactor: TwoFactorConfig,
  account: AccountConfig,
): string[] {
  const retentionS = Number(env.OUTBOX_RETENTION_S || 60);
  const shortestS = Math.min(twoFactor.codeTtlS, account.passwordReset.ttlS);
  if (!Number.isFinite(retentionS) || retentionS < shortestS) return [];
  return [
    `OUTBOX_RETENTION_S: must be shorter than the shortest secret lifetime (MFA_CODE_TTL_S, PASSWORD_RESET_TTL_S: ${shortestS} s)`,
  ];
}
