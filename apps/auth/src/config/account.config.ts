import { z } from 'zod';

/** One OpenID Connect provider users may sign in with. */
export interface OidcProviderConfig {
  /** Key in routes and in oauth_providers.provider, e.g. "google". */
  id: string;
  /** Issuer URL; its discovery document says everything else. */
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE only). */
  clientSecret?: string;
  scopes: string;
}

/** Password reset, social sign-in and the cleanup job, validated at boot with the rest. */
export interface AccountConfig {
  passwordReset: {
    /** Lifetime of an e-mailed reset token. */
    ttlS: number;
    /** Page of the front end that asks for the new password; the token is added as `token`. */
    url: string;
  };
  social: {
    providers: OidcProviderConfig[];
    /**
     * Where providers may send the browser back (exact matches, `{provider}` stands for the id);
     * the first is used when a client names none.
     */
    redirectUris: string[];
    /** How long a started sign-in (state, nonce, PKCE verifier) waits for its callback. */
    stateTtlS: number;
  };
  cleanup: {
    /** Seconds between sweeps; 0 turns the job off. */
    intervalS: number;
    loginAttemptRetentionDays: number;
    /** Expired tokens are kept this long after their family's end (for investigations). */
    tokenRetentionDays: number;
    /** Handled-event (inbox) and published-outbox rows are kept this long. */
    eventRetentionDays: number;
    /** Seconds between copies of session_blacklist back into Redis (also at start); 0: start only. */
    revocationReconcileIntervalS: number;
  };
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.string().url();

const providerSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'id must be 1 to 32 lower-case letters, digits or dashes'),
    issuer: url,
    clientId: z.string().min(1).max(255),
    clientSecret: z.string().min(1).max(1024).optional(),
    scopes: z.string().min(1).max(500).default('openid email profile'),
  })
  .strict();

const schema = z.object({
  PASSWORD_RESET_TTL_S: integer(300, 86400).default(1800),
  PASSWORD_RESET_URL: url.default('http://localhost:3000/reset-password'),
  OIDC_PROVIDERS: z.string().default('[]'),
  OIDC_REDIRECT_URIS: z.string().default('http://localhost:3001/api/v1/auth/social/{provider}/callback'),
  OIDC_STATE_TTL_S: integer(60, 3600).default(600),
  CLEANUP_INTERVAL_S: integer(0, 7 * 86400).default(3600),
  LOGIN_ATTEMPT_RETENTION_DAYS: integer(1, 3650).default(90),
  TOKEN_RETENTION_DAYS: integer(0, 3650).default(30),
  EVENT_RETENTION_DAYS: integer(1, 365).default(7),
  REVOCATION_RECONCILE_INTERVAL_S: integer(0, 86400).default(60),
});

type Parsed = { config: AccountConfig; problems: [] } | { config: null; problems: string[] };

/** Returns the settings, or the problems naming each bad variable. */
export function parseAccountConfig(env: NodeJS.ProcessEnv): Parsed {
  // An empty value (compose passes `${X:-}` through) means "use the default".
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    return { config: null, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  const values = parsed.data;
  const problems: string[] = [];
  const providers = parseProviders(values.OIDC_PROVIDERS, problems);
  const redirectUris = values.OIDC_REDIRECT_URIS.split(',')
    .map((uri) => uri.trim())
    .filter((uri) => uri.length > 0);
  for (const uri of redirectUris) {
    if (!url.safeParse(uri.replaceAll('{provider}', 'p')).success) {
      problems.push(`OIDC_REDIRECT_URIS: "${uri}" is not a URL`);
    }
  }
  if (redirectUris.length === 0) problems.push('OIDC_REDIRECT_URIS: at least one URI is needed');
  if (problems.length > 0) return { config: null, problems };
  return {
    config: {
      passwordReset: { ttlS: values.PASSWORD_RESET_TTL_S, url: values.PASSWORD_RESET_URL },
      social: { providers, redirectUris, stateTtlS: values.OIDC_STATE_TTL_S },
      cleanup: {
        intervalS: values.CLEANUP_INTERVAL_S,
        loginAttemptRetentionDays: values.LOGIN_ATTEMPT_RETENTION_DAYS,
        tokenRetentionDays: values.TOKEN_RETENTION_DAYS,
        eventRetentionDays: values.EVENT_RETENTION_DAYS,
        revocationReconcileIntervalS: values.REVOCATION_RECONCILE_INTERVAL_S,
      },
    },
    problems: [],
  };
}

function parseProviders(json: string, problems: string[]): OidcProviderConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    problems.push('OIDC_PROVIDERS: must be a JSON array');
    return [];
  }
  const parsed = z.array(providerSchema).safeParse(raw);
  if (!parsed.success) {
    // Never echo the value: it holds client secrets.
    for (const issue of parsed.error.issues)
      problems.push(`OIDC_PROVIDERS.${issue.path.join('.')}: ${issue.message}`);
    return [];
  }
  const ids = parsed.data.map((provider) => provider.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) problems.push(`OIDC_PROVIDERS: provider id "${duplicate}" appears twice`);
  return parsed.data;
}
