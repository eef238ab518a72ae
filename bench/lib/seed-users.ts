import { Client } from 'pg';
import { hashPassword } from '../../libs/core/src/security/password-hashing';

/** The password of every account the benchmark signs in with. */
export const BENCH_PASSWORD = 'orion-bench-password-7f3c';

export interface SeededUsers {
  total: number;
  /** Accounts with BENCH_PASSWORD, by e-mail; every other account has a password nobody knows. */
  signInEmails: string[];
  /** An account holding `users:read` through the support role (permission scenario). */
  supportUserId: string;
}

export const benchEmail = (n: number): string => `bench-user-${n}@bench.orion.test`;

// Shares of accounts per role beyond the default `user` role, roughly like a real product.
const EXTRA_ROLES: Array<{ slug: string; every: number }> = [
  { slug: 'support', every: 20 },
  { slug: 'manager', every: 100 },
  { slug: 'admin', every: 500 },
];

/**
 * Seeds `total` active users straight in SQL (generate_series), with their preferences, the
 * default role for all, staff roles and scoped direct grants for a share of them. Argon2id is
 * far too slow to hash each row, so two hashes are reused: one of BENCH_PASSWORD for the
 * accounts that sign in, one of a random password for the rest.
 */
export async function seedUsers(
  databaseUrl: string,
  total: number,
  signInAccounts: number,
): Promise<SeededUsers> {
  const signers = Math.min(signInAccounts, total);
  const [known, unknown] = await Promise.all([
    hashPassword(BENCH_PASSWORD),
    hashPassword(`unknown-${Math.random()}-${Date.now()}`),
  ]);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO users (email, email_normalized, username, password_hash, status, first_name, last_name,
                          display_name, email_verified_at, updated_at)
       SELECT 'bench-user-' || n || '@bench.orion.test', 'bench-user-' || n || '@bench.orion.test',
              'bench_' || n, CASE WHEN n <= $2 THEN $3 ELSE $4 END, 'ACTIVE', 'Bench', 'User ' || n,
              'Bench User ' || n, now(), now()
         FROM generate_series(1, $1::int) AS n`,
      [total, signers, known, unknown],
    );
    await db.query(
      `INSERT INTO user_preferences (user_id, updated_at)
       SELECT id, now() FROM users WHERE email_normalized LIKE 'bench-user-%'`,
    );
    await db.query(
      `INSERT INTO user_roles (user_id, role_id, updated_at)
       SELECT u.id, r.id, now() FROM users u, roles r
        WHERE u.email_normalized LIKE 'bench-user-%' AND r.slug = 'user'`,
    );
    for (const { slug, every } of EXTRA_ROLES) {
      await db.query(
        `INSERT INTO user_roles (user_id, role_id, updated_at)
         SELECT u.id, r.id, now() FROM users u, roles r
          WHERE u.username LIKE 'bench\\_%' AND substring(u.username from 7)::int % $1 = 0 AND r.slug = $2`,
        [every, slug],
      );
    }
    // One account in 50 holds a direct grant in an organisation of its own, valid for a year.
    await db.query(
      `INSERT INTO user_permissions (user_id, permission_id, scope, scope_id, expires_at, reason, updated_at)
       SELECT u.id, p.id, 'ORG', gen_random_uuid(), now() + interval '1 year', 'bench', now()
         FROM users u, permissions p
        WHERE u.username LIKE 'bench\\_%' AND substring(u.username from 7)::int % 50 = 0
          AND p.resource = 'notifications' AND p.action = 'send'`,
    );
    await db.query('COMMIT');
    await db.query('ANALYZE users; ANALYZE user_roles; ANALYZE user_permissions; ANALYZE user_preferences');
    const support = await db.query<{ id: string }>(
      `SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
        WHERE r.slug = 'support' AND u.username LIKE 'bench\\_%' LIMIT 1`,
    );
    return {
      total,
      signInEmails: Array.from({ length: signers }, (_, i) => benchEmail(i + 1)),
      supportUserId: support.rows[0]?.id ?? '',
    };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}
