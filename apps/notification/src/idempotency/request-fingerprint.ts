import { canonicalJson, sha256Hex } from '@orion/core';

/**
 * What an idempotency key is stored with: the SHA-256 (hex) of the route, the caller and the
 * request in canonical JSON (keys sorted, absent fields left out), so the same request in another
 * key order matches and any other request under the same key does not.
 */
export function requestFingerprint(route: string, callerId: string, request: unknown): string {
  return sha256Hex(canonicalJson([route, callerId, request]));
}

/** True when a stored fingerprint belongs to another request; rows stored before fingerprints (null) match. */
export function isOtherRequest(stored: string | null, fingerprint: string): boolean {
  return stored !== null && stored !== fingerprint;
}

/**
 * A list whose order and repeats mean nothing (recipient ids, channels), in one canonical form:
 * the same request with its list shuffled or a duplicate in it is still the same request.
 */
export function asSet(values: readonly string[] | undefined): string[] | undefined {
  return values && [...new Set(values.map((value) => value.toLowerCase()))].sort();
}
