import { MessageSigner, parsePrivateKey } from '../transport/message-signing';
import type { ServiceName } from './service-config';

/**
 * Transport signing keys and the cache MAC key every development and test run uses when the
 * environment sets none. They are committed, so they protect nothing: production must set its
 * own (see published-secrets.ts). Seeds are Ed25519 private keys (32 bytes, base64).
 */
export const DEVELOPMENT_SIGNING_KEYS: Record<ServiceName, { kid: string; seed: string; publicKey: string }> =
  {
    auth: {
      kid: 'dev-auth',
      seed: '1+wCmfLXTNN+ld/YS96D5/sKDwQ0yVjMfKUzD3rtFFY=',
      publicKey: 'V6uk0lllHGTHeAfYtOGfv+u9pHT4CxvHumI5YL+x4o4=',
    },
    user: {
      kid: 'dev-user',
      seed: 'oCVfMsM9l4RnxIiSOSn4r6EqN+t98wQgqh3Nn7q6UZA=',
      publicKey: '6O9VUDAU97d90iv0pBq+raLaWwL0CQ2Af0e1D0lvOz8=',
    },
    notification: {
      kid: 'dev-notification',
      seed: 'kIvT7V4w6Wxllp4hcHpW4Z9Dm9oWIflWHReNJFP2q1c=',
      publicKey: 'v+8ve56vjtb6vO5V6OAgM15smYr9wJbA9uNaViK71zI=',
    },
  };

/** The default TRANSPORT_TRUSTED_KEYS outside production: every service's development key. */
export const DEVELOPMENT_TRUSTED_KEYS = Object.entries(DEVELOPMENT_SIGNING_KEYS)
  .map(([producer, key]) => `${producer}:${key.kid}:${key.publicKey}`)
  .join(',');

/** The default CACHE_MAC_KEY outside production (32 bytes, base64). */
export const DEVELOPMENT_CACHE_MAC_KEY = 'wF+hlsdOSwRQ4FL6tn/Puu/f3svTTK/LkWZOWwjdjWA=';

/** A service's development signing key (tests that speak for a service over the transport). */
export function developmentSigner(service: ServiceName): MessageSigner {
  const key = DEVELOPMENT_SIGNING_KEYS[service];
  return new MessageSigner({ producer: service, kid: key.kid, privateKey: parsePrivateKey(key.seed) });
}

/**
 * Passwords of the Redis ACL users in docker/redis/users.acl and docker-compose.yml's defaults
 * (scripts/redis/redis-acl.ts writes the file): local stacks only.
 */
export const DEVELOPMENT_REDIS_PASSWORDS: Record<ServiceName | 'health', string> = {
  auth: 'orion-auth-redis-dev-password',
  user: 'orion-user-redis-dev-password',
  notification: 'orion-notification-redis-dev-password',
  health: 'orion-health-redis-dev-password',
};
