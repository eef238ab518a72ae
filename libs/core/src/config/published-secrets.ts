import {
  DEVELOPMENT_CACHE_MAC_KEY,
  DEVELOPMENT_REDIS_PASSWORDS,
  DEVELOPMENT_SIGNING_KEYS,
} from './development-keys';

/**
 * Secret values committed to this repository (development defaults). Anyone can read them, so
 * a production configuration that contains one of them protects nothing and must be refused.
 * Each entry names the variable it may appear in.
 */
export const PUBLISHED_SECRETS: readonly { variable: string; value: string }[] = [
  ...Object.values(DEVELOPMENT_SIGNING_KEYS).map((key) => ({
    variable: 'TRANSPORT_SIGNING_KEY',
    value: key.seed,
  })),
  // A trusted list that still holds a development public key lets that key's holders sign.
  ...Object.values(DEVELOPMENT_SIGNING_KEYS).map((key) => ({
    variable: 'TRANSPORT_TRUSTED_KEYS',
    value: key.publicKey,
  })),
  { variable: 'CACHE_MAC_KEY', value: DEVELOPMENT_CACHE_MAC_KEY },
  // The ACL users' passwords, as REDIS_URL carries them.
  ...Object.values(DEVELOPMENT_REDIS_PASSWORDS).map((value) => ({ variable: 'REDIS_URL', value })),
];
