import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { queryDatabase } from '@orion/testing';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Signed-in sessions written straight into both databases, one per user, as a sign-in would
 * leave them: the session in the user service (which every refresh touches) and the first
 * refresh token of its family in the auth service. The load then needs no Argon2id work, and
 * no user refreshes more often than a real client would (token-refresh:user stays as seeded).
 */
export async function issueRefreshTokens(
  databases: { auth: string; user: string },
  userIds: string[],
): Promise<string[]> {
  const tokens = userIds.map(() => randomBytes(32).toString('base64url'));
  const families = userIds.map(() => randomUUID());
  const sessions = userIds.map(() => randomUUID());
  await queryDatabase(
    databases.user,
    `INSERT INTO sessions (id, user_id, auth_family_id, status, ip_address, expires_at, updated_at)
     SELECT s.id, s.user_id, s.family_id, 'ACTIVE', '127.0.0.1', now() + interval '30 days', now()
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS s(id, user_id, family_id)`,
    [sessions, userIds, families],
  );
  await queryDatabase(
    databases.auth,
    `INSERT INTO auth_tokens (id, user_id, type, token_hash, family_id, generation, expires_at,
                              absolute_expires_at, metadata, updated_at)
     SELECT gen_random_uuid(), t.user_id, 'REFRESH', t.token_hash, t.family_id, 0, now() + interval '7 days',
            now() + interval '30 days', jsonb_build_object('sessionId', t.session_id), now()
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[]) AS t(user_id, token_hash, family_id, session_id)`,
    [userIds, tokens.map(sha256), families, sessions],
  );
  return tokens;
}
