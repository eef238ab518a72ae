import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface RefreshRow {
  id: string;
  user_id: string;
  family_id: string;
  generation: number;
  status: string;
  absolute_expires_at: Date;
  metadata: { sessionId?: string } | null;
}

const IDLE_TTL_MS = 7 * 86_400_000;
const ACCESS_TTL_MS = 3_600_000;
const GRACE_MS = 10_000;

/**
 * POST /token/refresh: the database work of the auth service's rotation in one transaction
 * (lock the presented token, insert its successor and the access token's row, mark it rotated),
 * answering the new refresh token. No JWT is signed and nothing is cached in Redis.
 */
export function registerTokenRefresh(app: FastifyInstance, auth: Pool): void {
  app.post<{ Body: { refreshToken?: string } }>('/token/refresh', async (request, reply) => {
    const presented = request.body?.refreshToken;
    if (typeof presented !== 'string') return reply.code(400).send({ code: 'VALIDATION_FAILED' });
    const db = await auth.connect();
    try {
      await db.query('BEGIN');
      const { rows } = await db.query<RefreshRow>(
        `SELECT id, user_id, family_id, generation, status, absolute_expires_at, metadata
           FROM auth_tokens WHERE token_hash = $1 AND type = 'REFRESH' FOR UPDATE`,
        [sha256(presented)],
      );
      const current = rows[0];
      if (!current || current.status !== 'ACTIVE') {
        await db.query('ROLLBACK');
        return reply.code(401).send({ code: 'REFRESH_TOKEN_INVALID' });
      }
      const now = Date.now();
      const successorId = randomUUID();
      const jti = randomUUID();
      const refreshToken = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Math.min(now + IDLE_TTL_MS, current.absolute_expires_at.getTime()));
      await db.query(
        `INSERT INTO auth_tokens (id, user_id, type, token_hash, family_id, parent_id, generation, expires_at,
                                  absolute_expires_at, ip_address, user_agent, metadata, updated_at)
         VALUES ($1, $2, 'REFRESH', $3, $4, $5, $6, $7, $8, $9, $10, $11, now())`,
        [
          successorId,
          current.user_id,
          sha256(refreshToken),
          current.family_id,
          current.id,
          current.generation + 1,
          expiresAt,
          current.absolute_expires_at,
          request.ip,
          request.headers['user-agent'] ?? null,
          JSON.stringify({ sessionId: current.metadata?.sessionId }),
        ],
      );
      const accessExpiry = new Date(now + ACCESS_TTL_MS);
      await db.query(
        `INSERT INTO auth_tokens (id, user_id, type, token_hash, family_id, expires_at, absolute_expires_at, updated_at)
         VALUES ($1, $2, 'ACCESS', $3, $4, $5, $5, now())`,
        [jti, current.user_id, sha256(`access:${jti}`), current.family_id, accessExpiry],
      );
      await db.query(
        `UPDATE auth_tokens SET status = 'ROTATED', replaced_by_id = $2, used_at = now(),
                grace_expires_at = $3, updated_at = now() WHERE id = $1`,
        [current.id, successorId, new Date(now + GRACE_MS)],
      );
      await db.query('COMMIT');
      return { refreshToken, refreshExpiresAt: expiresAt.toISOString() };
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  });
}
