import { randomBytes } from 'node:crypto';
import { hashApiKey } from '@orion/security';

/**
 * Keys read `orn_<id>_<secret>`: the id (10 hex characters) finds the row by `key_prefix`
 * (`orn_<id>`), the secret is 32 random bytes in base64url. Only SHA-256 of the whole key is
 * stored: the key is random and long, so a fast hash is enough and lets the row be checked fast.
 */
const KEY_FORMAT = /^(orn_[0-9a-f]{10})_([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  /** The whole key, shown to its owner once and never stored. */
  key: string;
  prefix: string;
  hash: string;
}

export function issueKey(): IssuedKey {
  const prefix = `orn_${randomBytes(5).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The lookup prefix of a well-formed key, or null for anything else. */
export function prefixOf(key: string): string | null {
  return KEY_FORMAT.exec(key)?.[1] ?? null;
}
