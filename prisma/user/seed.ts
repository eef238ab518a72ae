/**
 * Seeds the user database: system permissions and roles and, when wanted (SEED_SAMPLE_ACCOUNTS,
 * by default outside production only), the two sample accounts with their preferences and role
 * assignments. Rows are inserted when their id is missing and never
 * rewritten, so a second run changes nothing and never re-hashes a password.
 * Run from the repository root: `tsx prisma/user/seed.ts` with USER_DATABASE_URL set.
 */
import { hashPassword } from '@orion/core/security/password-hashing';
import { PermissionScope, PrismaClient, RoleType, UserStatus } from '@orion/prisma-user';
import { PUBLISHED_SECRETS } from '@orion/core/config/published-secrets';
import { sampleAccountsWanted, type SampleAccount } from '../sample-accounts';
import {
  ROLE_PERMISSIONS,
  SAMPLE_USERS,
  SYSTEM_PERMISSIONS,
  SYSTEM_ROLES,
  USER_PREFERENCES,
  USER_ROLES,
} from './seed-data';
import { runSeed, SeedTally } from '../seed-runner';

/**
 * The sample accounts' passwords by user id. Outside production an unset variable falls back
 * to the development password; in production an unset or published one is an error naming it.
 */
export function resolveSeedPasswords(
  env: NodeJS.ProcessEnv,
  accounts: readonly SampleAccount[] = SAMPLE_USERS,
): Map<string, string> {
  const production = env.NODE_ENV === 'production';
  const missing = accounts.filter((a) => !env[a.passwordEnv]).map((a) => a.passwordEnv);
  if (production && missing.length > 0) {
    throw new Error(
      `${missing.join(' and ')} must be set when NODE_ENV is production: the sample accounts get no default password there`,
    );
  }
  const published = accounts.filter((a) => production && PUBLISHED_SECRETS.includes(env[a.passwordEnv]!));
  if (published.length > 0) {
    throw new Error(
      `${published.map((a) => a.passwordEnv).join(' and ')} must not be a password published in the Orion repository when NODE_ENV is production`,
    );
  }
  return new Map(accounts.map((a) => [a.id, env[a.passwordEnv] || a.developmentPassword]));
}

function idOf<T extends { id: string }>(
  rows: readonly T[],
  match: (row: T) => boolean,
  what: string,
): string {
  const row = rows.find(match);
  if (!row) throw new Error(`seed data refers to unknown ${what}`);
  return row.id;
}

const roleId = (slug: string) => idOf(SYSTEM_ROLES, (r) => r.slug === slug, `role "${slug}"`);
const permissionId = (name: string) =>
  idOf(SYSTEM_PERMISSIONS, (p) => `${p.resource}:${p.action}` === name, `permission "${name}"`);

async function seed(prisma: PrismaClient): Promise<SeedTally> {
  // Resolved before any write, so a production run without passwords writes nothing.
  const samples = sampleAccountsWanted(process.env);
  const accounts = samples ? SAMPLE_USERS : [];
  const passwords = samples ? resolveSeedPasswords(process.env) : new Map<string, string>();
  const tally: SeedTally = {};
  const note = (model: string, created: number, total: number) => (tally[model] = { created, total });

  const permissions = await prisma.permission.createMany({
    skipDuplicates: true,
    data: SYSTEM_PERMISSIONS.map((p) => ({
      id: p.id,
      resource: p.resource,
      action: p.action,
      description: p.description,
      metadata: { system: true, category: p.category },
    })),
  });
  note('Permission', permissions.count, SYSTEM_PERMISSIONS.length);

  // Listed root first; a multi-row INSERT checks the parent links at the end of the statement.
  const roles = await prisma.role.createMany({
    skipDuplicates: true,
    data: SYSTEM_ROLES.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      description: r.description,
      type: RoleType.SYSTEM,
      parentId: r.parent === null ? null : roleId(r.parent),
      priority: r.priority,
      isDefault: r.isDefault,
    })),
  });
  note('Role', roles.count, SYSTEM_ROLES.length);

  const rolePermissions = await prisma.rolePermission.createMany({
    skipDuplicates: true,
    data: ROLE_PERMISSIONS.map((rp) => ({
      id: rp.id,
      roleId: roleId(rp.role),
      permissionId: permissionId(rp.permission),
    })),
  });
  note('RolePermission', rolePermissions.count, ROLE_PERMISSIONS.length);

  // Hashing uses a fresh salt, so only accounts that do not exist yet are hashed and inserted.
  const existing = await prisma.user.findMany({
    where: { id: { in: accounts.map((u) => u.id) } },
    select: { id: true },
  });
  const present = new Set(existing.map((u) => u.id));
  const now = new Date();
  const newUsers = await Promise.all(
    accounts
      .filter((u) => !present.has(u.id))
      .map(async (u) => ({
        id: u.id,
        email: u.email,
        emailNormalized: u.email.toLowerCase(),
        username: u.username.toLowerCase(),
        passwordHash: await hashPassword(passwords.get(u.id)!),
        status: UserStatus.ACTIVE,
        firstName: u.firstName,
        lastName: u.lastName,
        displayName: `${u.firstName} ${u.lastName}`,
        emailVerifiedAt: now,
        passwordChangedAt: now,
      })),
  );
  const users =
    newUsers.length > 0
      ? await prisma.user.createMany({ skipDuplicates: true, data: newUsers })
      : { count: 0 };
  note('User', users.count, accounts.length);

  const sampleRows = <T>(rows: readonly T[]): T[] => (samples ? [...rows] : []);
  const preferenceRows = sampleRows(USER_PREFERENCES);
  const preferences = await prisma.userPreferences.createMany({ skipDuplicates: true, data: preferenceRows });
  note('UserPreferences', preferences.count, preferenceRows.length);

  const roleRows = sampleRows(USER_ROLES);
  const userRoles = await prisma.userRole.createMany({
    skipDuplicates: true,
    data: roleRows.map((ur) => ({
      id: ur.id,
      userId: ur.userId,
      roleId: roleId(ur.role),
      scope: PermissionScope.GLOBAL,
    })),
  });
  note('UserRole', userRoles.count, roleRows.length);
  return tally;
}

if (require.main === module) {
  runSeed('user', (adapter) => new PrismaClient({ adapter }), seed);
}
