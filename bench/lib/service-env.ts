import { generateSealingKeyPair } from '@orion/core';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** KEY=value lines of a dotenv file, comments and blanks skipped. */
function readDotenv(file: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (match) values[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return values;
}

/**
 * The services run as in production (NODE_ENV=production), so production's checks and code
 * paths are what gets measured. The documented defaults in .env.example are the base; the
 * secrets production demands are generated per run; ports, databases and Redis come from the
 * harness. Access tokens live an hour so none expires during a long run.
 */
export function productionServiceEnv(root: string, logLevel: string): NodeJS.ProcessEnv {
  const documented = readDotenv(join(root, '.env.example'));
  for (const key of Object.keys(documented)) {
    if (/_(PORT|DATABASE_URL)$/.test(key) || key === 'REDIS_URL' || key === 'AUTH_JWKS_URL')
      delete documented[key];
  }
  return {
    ...documented,
    NODE_ENV: 'production',
    LOG_LEVEL: logLevel,
    AUTH_KEY_ENCRYPTION_SECRET: randomBytes(32).toString('base64url'),
    ACCESS_TOKEN_TTL_S: '3600',
    // The services fetch the key set from each other over loopback.
    AUTH_JWKS_INTERNAL: 'true',
    WEBAUTHN_RP_ID: 'bench.orion.test',
    WEBAUTHN_ORIGINS: 'https://bench.orion.test',
    SEED_ADMIN_PASSWORD: randomBytes(16).toString('base64url'),
    SEED_USER_PASSWORD: randomBytes(16).toString('base64url'),
    WEBHOOK_SECRET_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    // Per-provider send limits protect outside providers; the local sink needs none.
    CHANNEL_RATE_LIMIT: '1000000/1',
  };
}

/**
 * One sealing key pair per service for the run: each service gets its own private key and the
 * public keys of the services it seals secrets for (production refuses the development keys).
 */
export function sealingKeysForRun(): Record<'auth' | 'user' | 'notification', NodeJS.ProcessEnv> {
  const [auth, user, notification] = [0, 1, 2].map(() => generateSealingKeyPair());
  const publicKeys = `auth:${auth!.publicKey},user:${user!.publicKey},notification:${notification!.publicKey}`;
  const env = (own: { privateKey: string }) => ({
    TRANSPORT_SEALING_KEY: own.privateKey,
    TRANSPORT_SEALING_PUBLIC_KEYS: publicKeys,
  });
  return { auth: env(auth!), user: env(user!), notification: env(notification!) };
}
