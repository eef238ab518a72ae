import { type RedisNamespace, SYSTEM_CLOCK } from '@orion/core';
import type Redis from 'ioredis';
import { SecurityKeys } from '../security.keys';

/**
 * Revocation of access tokens, shared by every instance through Redis. The auth service writes
 * (sign-out, sign-out everywhere, disabling a user); AccessTokenVerifier reads both entries in one
 * MGET on every request, so a revocation takes effect on the very next request everywhere.
 */

// Outlives the largest accepted clock tolerance (JWT_CLOCK_TOLERANCE_S ≤ 300) so an entry never
// disappears while its token can still pass the exp check.
const EXPIRY_MARGIN_S = 300;
const DEFAULT_NOT_BEFORE_TTL_S = 24 * 60 * 60;

const toSeconds = (when: Date | number) => (when instanceof Date ? when.getTime() / 1000 : when);

/**
 * Refuses one access token from now on. `expiresAt` is the token's exp (a Date, or NumericDate
 * seconds as in the claim); the entry lives until then, after which exp refuses the token anyway.
 */
export async function revokeAccessToken(
  redis: Redis,
  namespace: RedisNamespace,
  jti: string,
  expiresAt: Date | number,
): Promise<void> {
  // Redis counts a TTL in real time, so the wall clock measures it, not a test's moved Clock.
  const ttl = Math.ceil(toSeconds(expiresAt) - toSeconds(SYSTEM_CLOCK.now())) + EXPIRY_MARGIN_S;
  if (ttl <= 0) return;
  await redis.set(new SecurityKeys(namespace).revokedToken(jti), '1', 'EX', ttl);
}

/**
 * Refuses every access token of the user issued before `when` (sign-out everywhere, user
 * disabled). Rounded up to the second: a token issued in the same second as the call is refused too,
 * because iat has whole-second precision. Keep `ttlSeconds` above the longest access-token lifetime.
 */
export async function revokeUserTokensBefore(
  redis: Redis,
  namespace: RedisNamespace,
  userId: string,
  when: Date,
  ttlSeconds = DEFAULT_NOT_BEFORE_TTL_S,
): Promise<void> {
  await redis.set(
    new SecurityKeys(namespace).userTokensNotBefore(userId),
    String(Math.ceil(toSeconds(when))),
    'EX',
    ttlSeconds,
  );
}

/** Why a verified token is refused anyway, or undefined when it stands. One round trip. */
export async function readRevocation(
  redis: Redis,
  namespace: RedisNamespace,
  token: { jti: string; userId: string; issuedAt: number },
): Promise<'token-revoked' | 'user-tokens-revoked' | undefined> {
  const keys = new SecurityKeys(namespace);
  const [revoked, notBefore] = await redis.mget(
    keys.revokedToken(token.jti),
    keys.userTokensNotBefore(token.userId),
  );
  if (revoked !== null) return 'token-revoked';
  if (notBefore !== null && token.issuedAt < Number(notBefore)) return 'user-tokens-revoked';
  return undefined;
}
