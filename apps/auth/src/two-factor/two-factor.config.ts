import { z } from 'zod';
import { parseSmsPolicyConfig, SmsPolicyConfig } from './sms-policy.config';

/** Second-factor settings, validated at boot with the rest of the auth configuration. */
export interface TwoFactorConfig {
  /** How long a sign-in may wait for its second factor. */
  challengeTtlS: number;
  /** Wrong answers a challenge (or a pending enrolment) survives before it is dead. */
  maxAttempts: number;
  /** Lifetime of an SMS or e-mail code. */
  codeTtlS: number;
  /** How long a device the user chose to trust skips the second factor. */
  trustedDeviceTtlS: number;
  /** Issuer shown by authenticator apps next to the account. */
  totpIssuer: string;
  webauthn: {
    /** Relying-party id: the registrable domain credentials are scoped to. */
    rpId: string;
    rpName: string;
    /** Origins (scheme://host[:port]) browsers may run the ceremonies from. */
    origins: string[];
  };
  /** Daily caps and allowed regions for texted codes. */
  sms: SmsPolicyConfig;
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  MFA_CHALLENGE_TTL_S: integer(60, 1800).default(300),
  MFA_MAX_ATTEMPTS: integer(1, 20).default(5),
  MFA_CODE_TTL_S: integer(60, 1800).default(300),
  MFA_TRUSTED_DEVICE_TTL_S: integer(3600, 365 * 86400).default(30 * 86400),
  TOTP_ISSUER: z.string().min(1).max(64).default('Orion'),
  WEBAUTHN_RP_ID: z.string().min(1).max(253).optional(),
  WEBAUTHN_RP_NAME: z.string().min(1).max(64).default('Orion'),
  WEBAUTHN_ORIGINS: z.string().optional(),
});

/** Returns the settings, or the problems naming each bad variable. */
export function parseTwoFactorConfig(
  env: NodeJS.ProcessEnv,
): { config: TwoFactorConfig; problems: [] } | { config: null; problems: string[] } {
  // An empty variable (compose's `${X:-}`) means "use the default", like an unset one.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    return {
      config: null,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    };
  }
  const values = parsed.data;
  const problems: string[] = [];
  const production = values.NODE_ENV === 'production';
  // Credentials are bound to the RP id for good: production must name it, never fall back to localhost.
  if (production && !values.WEBAUTHN_RP_ID) problems.push('WEBAUTHN_RP_ID is required but not set');
  if (production && !values.WEBAUTHN_ORIGINS) problems.push('WEBAUTHN_ORIGINS is required but not set');
  const origins = (values.WEBAUTHN_ORIGINS ?? 'http://localhost:3000')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(`WEBAUTHN_ORIGINS: "${origin}" is not an origin (scheme://host[:port])`);
    }
  }
  const sms = parseSmsPolicyConfig(env);
  problems.push(...sms.problems);
  if (problems.length > 0 || !sms.config) return { config: null, problems };
  return {
    config: {
      challengeTtlS: values.MFA_CHALLENGE_TTL_S,
      maxAttempts: values.MFA_MAX_ATTEMPTS,
      codeTtlS: values.MFA_CODE_TTL_S,
      trustedDeviceTtlS: values.MFA_TRUSTED_DEVICE_TTL_S,
      totpIssuer: values.TOTP_ISSUER,
      webauthn: { rpId: values.WEBAUTHN_RP_ID ?? 'localhost', rpName: values.WEBAUTHN_RP_NAME, origins },
      sms: sms.config,
    },
    problems: [],
  };
}
