import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';

// The columns Prisma's findUnique reads for GET /users/me, by primary key.
const SELECT_USER = `
  SELECT id, email, email_normalized, username, password_hash, status, first_name, last_name, display_name,
         avatar_url, phone_number, email_verified_at, last_login_at, password_changed_at, metadata,
         created_at, updated_at, deleted_at, erased_at
    FROM users WHERE id = $1 LIMIT 1`;

interface UserRow {
  id: string;
  email: string;
  username: string | null;
  status: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  avatar_url: string | null;
  phone_number: string | null;
  email_verified_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/**
 * GET /profile: the same query and the same answer as the user service's GET /users/me, with
 * the caller named by a header instead of a verified access token: no framework, guard,
 * validation or logging, which is what the comparison prices.
 */
export function registerProfileRead(app: FastifyInstance, users: Pool): void {
  app.get('/profile', async (request, reply) => {
    const { rows } = await users.query<UserRow>(SELECT_USER, [request.headers['x-user-id']]);
    const user = rows[0];
    if (!user || user.deleted_at) return reply.code(404).send({ code: 'USER_NOT_FOUND' });
    return {
      id: user.id,
      email: user.email,
      username: user.username,
      status: user.status,
      firstName: user.first_name,
      lastName: user.last_name,
      displayName: user.display_name,
      avatarUrl: user.avatar_url,
      phoneNumber: user.phone_number,
      emailVerifiedAt: user.email_verified_at?.toISOString() ?? null,
      lastLoginAt: user.last_login_at?.toISOString() ?? null,
      createdAt: user.created_at.toISOString(),
      updatedAt: user.updated_at.toISOString(),
      deletedAt: null,
    };
  });
}
