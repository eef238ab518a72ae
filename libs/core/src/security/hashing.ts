import { createHash, createHmac } from 'node:crypto';

/** What the hashing helpers take; a string is hashed as its UTF-8 bytes. */
export type Hashable = string | Uint8Array;

/** SHA-256 digest bytes. */
export function sha256(value: Hashable): Buffer {
  return createHash('sha256').update(value).digest();
}

/** SHA-256 as lowercase hex (64 characters): how stored tokens and keys are looked up. */
export function sha256Hex(value: Hashable): string {
  return sha256(value).toString('hex');
}

/** SHA-256 as base64url (43 characters): for keys and headers that want it short. */
export function sha256Base64Url(value: Hashable): string {
  return sha256(value).toString('base64url');
}

/** HMAC-SHA256 digest bytes of a value under a key that never leaves the service. */
export function hmacSha256(key: Uint8Array, value: Hashable): Buffer {
  return createHmac('sha256', key).update(value).digest();
}
