import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Refresh tokens issued straight into the auth database, one family (and one user) each, as a
 * sign-in would leave them: the load then needs no Argon2id work, and no user refreshes more
 * often than a real client would (per-user refresh limits stay untouched).
 */
export async function issueRefreshTokens(authDatabaseUrl: string, userIds: string[]): Promise<string[]> {
  const tokens = userIds.map(() => randomBytes(32).toString('base64url'));
  const db = new Client({ connectionString: authDatabaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO auth_tokens (id, user_id, type, token_hash, family_id, generation, expires_at,
                                absolute_expires_at, metadata, updated_at)
       SELECT gen_random_uuid(), u.user_id, 'REFRESH', u.token_hash, gen_random_uuid(), 0,
              now() + interval '7 days', now() + interval '30 days', jsonb_build_object('sessionId', u.session_id), now()
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(user_id, token_hash, session_id)`,
      [userIds, tokens.map(sha256), userIds.map(() => randomUUID())],
    );
  } finally {
    await db.end();
  }
  return tokens;
}
