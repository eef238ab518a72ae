import { createHash } from 'node:crypto';
import { AuthServiceUnderTest } from './auth-service';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  auth_time: number;
  amr: string[];
  acr: string;
}

/** The payload of an access token, read without verifying (the service verifies it). */
export function claimsOf(accessToken: string): AccessTokenClaims {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as AccessTokenClaims;
}

/**
 * Makes a session's sign-in `secondsAgo` old (its family's stored auth_time) and refreshes it, so
 * the returned pair is exactly what a client holding a session that old has: no waiting involved.
 */
export async function agedSession(
  auth: AuthServiceUnderTest,
  refreshToken: string,
  secondsAgo: number,
): Promise<{ accessToken: string; refreshToken: string; sessionId: string }> {
  const tokenHash = createHash('sha256').update(refreshToken).digest('hex');
  const authTime = new Date(Date.now() - secondsAgo * 1000).toISOString();
  const updated = await auth.query(
    `UPDATE auth_tokens SET metadata = jsonb_set(metadata, '{authTime}', to_jsonb($2::text))
      WHERE token_hash = $1 AND type = 'REFRESH' AND status = 'ACTIVE' RETURNING id`,
    [tokenHash, authTime],
  );
  if (updated.length !== 1) throw new Error('no active refresh token to age');
  const refreshed = await auth.call('POST', '/api/v1/auth/token/refresh', { body: { refreshToken } });
  if (refreshed.statusCode !== 200)
    throw new Error(`refresh answered ${refreshed.statusCode}: ${refreshed.body}`);
  return refreshed.json();
}
