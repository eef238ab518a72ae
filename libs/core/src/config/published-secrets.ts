import {
  DEVELOPMENT_CACHE_MAC_KEY,
  DEVELOPMENT_REDIS_PASSWORDS,
  DEVELOPMENT_SIGNING_KEYS,
} from './development-keys';
import { PUBLISHED_SEALING_KEYS } from './transport-sealing.config';

/**
 * Every secret value this repository publishes: the development defaults of .env.example,
 * docker-compose.yml and the configuration code, and the sample accounts' seed passwords.
 * Anyone can read them, so a production process refuses to start with any of them
 * (publishedSecretProblems, applied by loadServiceConfig). Add a value here whenever a new
 * default or example secret is committed; published-secrets.spec.ts fails until it is.
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  // .env.example: the local PostgreSQL password in the database URLs
  'postgres',
  // docker-compose.yml: PostgreSQL and Redis of the local stack
  'orion-dev-password',
  'orion-redis-dev-password',
  // .env.example and docker-compose.yml: encryption keys of the auth and notification services
  'orion-development-key-encryption-secret-change-me',
  'orion-development-webhook-secret-key-change-me',
  // Built-in fallbacks of apps/auth and apps/notification configuration outside production
  'orion-development-key-encryption-secret-not-for-production',
  'orion-development-webhook-secret-key-not-for-production',
  // prisma/sample-accounts.ts, .env.example, docker-compose.yml: the sample accounts' passwords
  'orion-admin-dev-password',
  'orion-user-dev-password',
  // development-keys.ts: transport signing seeds, and their public keys, since a trusted-key list
  // that still holds one lets anyone with the committed seed speak for that service
  ...Object.values(DEVELOPMENT_SIGNING_KEYS).flatMap((key) => [key.seed, key.publicKey]),
  // development-keys.ts: the cache MAC key and the Redis ACL users' passwords of the local stack
  DEVELOPMENT_CACHE_MAC_KEY,
  ...Object.values(DEVELOPMENT_REDIS_PASSWORDS),
  // transport-sealing.config.ts: the development sealing keys (private and public halves)
  ...PUBLISHED_SEALING_KEYS,
];

/** Variables whose whole value is a secret: names ending in SECRET, PASSWORD, TOKEN or KEY(S). */
export const SECRET_VARIABLE_NAME = /(SECRET|PASSWORD|TOKEN|KEY)S?$/;

function urlPassword(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  try {
    const password = new URL(value).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/** The parts of a list-valued secret (TRANSPORT_TRUSTED_KEYS: `producer:kid:key,…`). */
const partsOf = (value: string): string[] =>
  value.split(/[\s,]+/).flatMap((entry) => [entry, ...entry.split(':')]);

/**
 * One problem per variable that holds a published secret: a secret-named variable equal to one
 * or listing one, or any URL whose password is one. Names the variable, never the value.
 */
export function publishedSecretProblems(
  env: NodeJS.ProcessEnv,
  published: readonly string[] = PUBLISHED_SECRETS,
): string[] {
  const known = new Set(published);
  const problems: string[] = [];
  for (const name of Object.keys(env).sort()) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (
      SECRET_VARIABLE_NAME.test(name) &&
      (known.has(value) || partsOf(value).some((part) => known.has(part)))
    ) {
      problems.push(`${name}: is a secret published in the Orion repository; set one of your own`);
      continue;
    }
    const password = urlPassword(value);
    if (password !== undefined && known.has(password)) {
      problems.push(`${name}: its password is published in the Orion repository; set one of your own`);
    }
  }
  return problems;
}
