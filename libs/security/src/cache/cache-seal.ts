import { timingSafeEqual } from 'node:crypto';
import { hmacSha256 } from '@orion/core';

const MAC_LENGTH = 43; // base64url of 32 bytes

/**
 * HMAC-SHA256 seals for cache entries that grant something (a permission decision, an API key's
 * principal). The key comes from configuration and never reaches Redis, so someone who can write
 * to Redis cannot make an entry that opens; the MAC covers the entry's Redis key too, so a real
 * entry moved to another key (another user, another permission) does not open either.
 */
export class CacheSeal {
  constructor(private readonly key: Buffer) {}

  /** `<mac>.<json>`: what is stored. */
  seal(cacheKey: string, json: string): string {
    return `${this.mac(cacheKey, json)}.${json}`;
  }

  /** The JSON of a stored value whose MAC holds; undefined for anything else. */
  open(cacheKey: string, stored: string): string | undefined {
    const separator = stored.indexOf('.');
    if (separator !== MAC_LENGTH) return undefined;
    const json = stored.slice(separator + 1);
    const expected = Buffer.from(this.mac(cacheKey, json));
    const given = Buffer.from(stored.slice(0, separator));
    return given.length === expected.length && timingSafeEqual(given, expected) ? json : undefined;
  }

  private mac(cacheKey: string, json: string): string {
    return hmacSha256(this.key, `${cacheKey}\n${json}`).toString('base64url');
  }
}
