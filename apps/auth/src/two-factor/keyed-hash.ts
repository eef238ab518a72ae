import { hkdfSync, timingSafeEqual } from 'node:crypto';
import { hmacSha256 } from '@orion/core';

/**
 * HMAC-SHA256 under a key derived (HKDF) from the service secret, one key per purpose.
 * Used for short random secrets (one-time codes, backup codes): they have too little entropy for a
 * plain hash (a database dump could be brute-forced offline), but a keyed hash cannot be tested
 * without the server secret, and it costs microseconds where argon2 would cost ~50 ms per code.
 */
export class KeyedHash {
  private readonly key: Buffer;

  constructor(secret: string, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'orion-auth-keyed-hash', purpose, 32));
  }

  digest(value: string): string {
    return hmacSha256(this.key, value).toString('hex');
  }

  /** Constant-time comparison with a stored digest. */
  matches(value: string, storedDigest: string | null | undefined): boolean {
    if (!storedDigest) return false;
    const expected = Buffer.from(storedDigest, 'hex');
    const actual = Buffer.from(this.digest(value), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
