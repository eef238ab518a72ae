import { timingSafeEqual } from 'node:crypto';
import { sha256, sha256Hex } from '@orion/core';

export interface VerifiedApiKey {
  keyId: string;
  ownerId?: string;
  serviceName?: string;
  /**
   * Permissions the key may use now, e.g. `users:read`: for a key with an owner, its scopes that
   * the owner holds at this moment, not the scopes it was created with.
   */
  scopes: string[];
  expiresAt?: Date;
  /** When `scopes` may change by themselves (an owner's grant ends or starts); caches keep it no longer. */
  validUntil?: Date;
}

/**
 * Looks up an API key presented in X-API-Key; null when unknown or revoked. The user service
 * implements it over its stored key hashes. Expiry need not be checked here: ApiKeyGuard checks
 * it on every request, cached or not.
 */
export abstract class ApiKeyVerifier {
  abstract verify(key: string): Promise<VerifiedApiKey | null>;
}

/** SHA-256 (hex) of a key: how caches and stores refer to a key without holding it. */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/**
 * Compares two secrets (or their hashes) in time independent of where they differ. Both sides are
 * hashed first so that their lengths, which timingSafeEqual requires equal, reveal nothing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}
