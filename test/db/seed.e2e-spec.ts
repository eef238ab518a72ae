import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { verify } from '@node-rs/argon2';
import { createTestDatabase, dropTestDatabase, queryDatabase } from '@orion/testing';
import { SAMPLE_ACCOUNTS } from '../../prisma/sample-accounts';
import { TEMPLATES } from '../../prisma/notification/seed-data';
import { deploy } from '../../scripts/db/migrator';

const ROOT = join(__dirname, '..', '..');
const SERVICES = ['auth', 'user', 'notification'] as const;
type Service = (typeof SERVICES)[number];
const urlVariable = (service: Service) => `${service.toUpperCase()}_DATABASE_URL`;

interface SeedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a seed the way the operator script does: `tsx prisma/<service>/seed.ts` from the root. */
function runSeed(service: Service, url: string, env: NodeJS.ProcessEnv = {}): Promise<SeedRun> {
  const base = { ...process.env, NODE_ENV: 'development', [urlVariable(service)]: url };
  delete base.SEED_ADMIN_PASSWORD;
  delete base.SEED_USER_PASSWORD;
  delete base.SEED_SAMPLE_ACCOUNTS;
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', `prisma/${service}/seed.ts`], { cwd: ROOT, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every application table's full contents as JSON text, rows in a stable order (not every table has an id). */
async function dump(url: string): Promise<Record<string, string>> {
  const tables = await queryDatabase<{ tablename: string }>(
    url,
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename",
  );
  const out: Record<string, string> = {};
  for (const { tablename } of tables) {
    const [row] = await queryDatabase<{ rows: string }>(
      url,
      `SELECT coalesce(json_agg(t ORDER BY t::text), '[]'::json)::text AS rows FROM "${tablename}" t`,
    );
    out[tablename] = row!.rows;
  }
  return out;
}

describe('database seeds', () => {
  const databases = {} as Record<Service, { name: string; url: string }>;
  const firstRun = {} as Record<Service, SeedRun>;

  beforeAll(async () => {
    for (const service of SERVICES) {
      databases[service] = await createTestDatabase(`seed_${service}`);
      await deploy({
        databaseUrl: databases[service].url,
        migrationsDir: join(ROOT, 'prisma', service, 'migrations'),
      });
    }
  }, 120_000);

  afterAll(async () => {
    for (const service of SERVICES) if (databases[service]) await dropTestDatabase(databases[service].name);
  });

  it('refuses to run without its database URL, naming the variable', async () => {
    const run = await runSeed('auth', '');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('AUTH_DATABASE_URL is not set');
  }, 60_000);

  it('creates no sample account, device or preference in production unless asked', async () => {
    const fresh = {} as Record<Service, { name: string; url: string }>;
    try {
      for (const service of SERVICES) {
        fresh[service] = await createTestDatabase(`seed_prod_${service}`);
        await deploy({
          databaseUrl: fresh[service].url,
          migrationsDir: join(ROOT, 'prisma', service, 'migrations'),
        });
        // The published development passwords are at hand, as in a careless deployment.
        const run = await runSeed(service, fresh[service].url, {
          NODE_ENV: 'production',
          SEED_ADMIN_PASSWORD: SAMPLE_ACCOUNTS[0]!.developmentPassword,
          SEED_USER_PASSWORD: SAMPLE_ACCOUNTS[1]!.developmentPassword,
        });
        expect([service, run.code, run.stderr]).toEqual([service, 0, '']);
      }
      expect(await queryDatabase(fresh.user.url, 'SELECT id FROM users')).toEqual([]);
      expect(await queryDatabase(fresh.user.url, 'SELECT id FROM user_roles')).toEqual([]);
      expect(await queryDatabase(fresh.auth.url, 'SELECT id FROM devices')).toEqual([]);
      expect(await queryDatabase(fresh.notification.url, 'SELECT id FROM user_preferences')).toEqual([]);
      // What production needs still arrives: roles, permissions, rate limits, templates.
      expect(await queryDatabase(fresh.user.url, 'SELECT id FROM roles')).toHaveLength(6);
      expect((await queryDatabase(fresh.auth.url, 'SELECT key FROM rate_limits')).length).toBeGreaterThan(0);
      expect(await queryDatabase(fresh.notification.url, 'SELECT id FROM templates')).toHaveLength(
        TEMPLATES.length,
      );
    } finally {
      for (const service of SERVICES) if (fresh[service]) await dropTestDatabase(fresh[service].name);
    }
  }, 180_000);

  it('refuses published sample passwords in production even when the sample accounts are asked for', async () => {
    const run = await runSeed('user', databases.user.url, {
      NODE_ENV: 'production',
      SEED_SAMPLE_ACCOUNTS: 'true',
      SEED_ADMIN_PASSWORD: SAMPLE_ACCOUNTS[0]!.developmentPassword,
      SEED_USER_PASSWORD: 'a-password-of-our-own',
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      'SEED_ADMIN_PASSWORD must not be a password published in the Orion repository',
    );
    expect(await queryDatabase<any>(databases.user.url, 'SELECT id FROM users')).toEqual([]);
  }, 60_000);

  it('refuses default passwords in production, naming the missing variables, and writes nothing', async () => {
    const run = await runSeed('user', databases.user.url, {
      NODE_ENV: 'production',
      SEED_SAMPLE_ACCOUNTS: 'true',
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('SEED_ADMIN_PASSWORD and SEED_USER_PASSWORD must be set');
    expect(await queryDatabase<any>(databases.user.url, 'SELECT id FROM users')).toEqual([]);
  }, 60_000);

  it('seeds every database and logs what it created', async () => {
    for (const service of SERVICES) {
      firstRun[service] = await runSeed(service, databases[service].url);
      expect(firstRun[service]).toMatchObject({ code: 0, stderr: '' });
      expect(firstRun[service].stdout).toMatch(new RegExp(`^${service} seed: .* created/0 found`));
    }
  }, 120_000);

  it('notification: every seeded template, version 1 active, each in en and de, with HTML and text e-mail and, unless it goes to an address alone, another channel', async () => {
    const url = databases.notification.url;
    const rows = await queryDatabase<any>(
      url,
      `SELECT t.key, t.category, t.active_version, t.default_locale, t.deleted_at, v.version, v.variables, v.content
         FROM templates t JOIN template_versions v ON v.template_id = t.id`,
    );
    const keys = rows.map((r) => r.key);
    expect(keys).toHaveLength(TEMPLATES.length);
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(16);
    expect(new Set(keys).size).toBe(TEMPLATES.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        'account.welcome',
        'auth.password-reset',
        'auth.email-verification',
        'auth.two-factor-code',
        'security.new-device-sign-in',
        'security.password-changed',
        'security.email-changed',
        'security.email-in-use',
        'security.second-factor-failures',
      ]),
    );
    // Messages about an address go to that address, not to a signed-in user: e-mail only.
    const emailOnly = new Set(['security.email-changed', 'security.email-in-use']);
    const channels = new Set<string>();
    for (const row of rows) {
      expect(row).toMatchObject({ active_version: 1, version: 1, default_locale: 'en', deleted_at: null });
      expect(Object.keys(row.content).sort()).toEqual(['de', 'en']);
      const declared = row.variables.map((v: { name: string }) => v.name);
      for (const byChannel of Object.values<Record<string, Record<string, string>>>(row.content)) {
        expect(Object.keys(byChannel).length).toBeGreaterThanOrEqual(emailOnly.has(row.key) ? 1 : 2);
        Object.keys(byChannel).forEach((channel) => channels.add(channel));
        expect(byChannel.EMAIL.subject).toBeTruthy();
        expect(byChannel.EMAIL.text).not.toMatch(/<[a-z]/i);
        expect(byChannel.EMAIL.html).toMatch(/^<!doctype html>/);
        const used = Object.values(byChannel)
          .flatMap((fields) => Object.values(fields))
          .join(' ')
          .matchAll(/\{\{\s*(\w+)\s*\}\}/g);
        for (const [, name] of used) if (name !== 'else') expect(declared).toContain(name);
      }
    }
    expect(channels).toEqual(new Set(['EMAIL', 'SMS', 'PUSH', 'IN_APP']));
    // The templates that carry secrets or security alerts are system templates; the welcome is not.
    const system = await queryDatabase<{ key: string }>(
      url,
      'SELECT key FROM templates WHERE system ORDER BY key',
    );
    expect(system.map((t) => t.key)).toEqual(keys.filter((k) => k !== 'account.welcome').sort());
    const preferences = await queryDatabase<any>(
      url,
      'SELECT DISTINCT user_id FROM user_preferences ORDER BY user_id',
    );
    expect(preferences.map((p) => p.user_id)).toEqual(SAMPLE_ACCOUNTS.map((a) => a.id));
  });

  it('user: 24 system permissions in 5 categories and a role chain from super-admin to guest', async () => {
    const url = databases.user.url;
    const permissions = await queryDatabase<any>(url, 'SELECT resource, action, metadata FROM permissions');
    expect(permissions).toHaveLength(24);
    expect(permissions.every((p) => p.metadata.system === true)).toBe(true);
    expect(new Set(permissions.map((p) => p.metadata.category)).size).toBe(5);

    const roles = await queryDatabase<any>(url, 'SELECT id, slug, parent_id, type FROM roles');
    expect(roles).toHaveLength(6);
    expect(roles.every((r) => r.type === 'SYSTEM')).toBe(true);
    const chain: string[] = [];
    for (
      let role = roles.find((r) => r.slug === 'super-admin');
      role;
      role = roles.find((r) => r.id === role!.parent_id)
    ) {
      chain.push(role.slug);
    }
    expect(chain).toEqual(['super-admin', 'admin', 'manager', 'support', 'user', 'guest']);

    // A role inherits its parent's permissions: walk up the parents and collect.
    const effective = (slug: string) =>
      queryDatabase<any>(
        url,
        `WITH RECURSIVE chain AS (
           SELECT id, parent_id FROM roles WHERE slug = $1
           UNION ALL SELECT r.id, r.parent_id FROM roles r JOIN chain c ON r.id = c.parent_id)
         SELECT DISTINCT p.resource || ':' || p.action AS name
         FROM chain JOIN role_permissions rp ON rp.role_id = chain.id JOIN permissions p ON p.id = rp.permission_id`,
        [slug],
      );
    expect(await effective('super-admin')).toHaveLength(24);
    expect((await effective('admin')).map((p) => p.name)).toContain('notifications:admin');
    expect((await effective('support')).map((p) => p.name)).not.toContain('notifications:admin');
    expect((await effective('admin')).map((p) => p.name)).not.toContain('templates:manage-system');
    expect((await effective('guest')).length).toBeLessThan((await effective('user')).length);
    expect((await effective('manager')).map((p) => p.name)).toContain('roles:assign');
    expect((await effective('user')).map((p) => p.name)).not.toContain('users:delete');
    // Reading other people's profiles is a staff capability; every role may read roles.
    expect((await effective('guest')).map((p) => p.name)).toEqual(['roles:read']);
    expect((await effective('user')).map((p) => p.name)).not.toContain('users:read');
    expect((await effective('support')).map((p) => p.name)).toContain('users:read');
  });

  it('user: two active sample accounts with argon2id hashes of the seed passwords, preferences and global roles', async () => {
    const url = databases.user.url;
    const users = await queryDatabase<any>(
      url,
      'SELECT id, email, status, password_hash FROM users ORDER BY id',
    );
    expect(users.map((u) => u.id)).toEqual(SAMPLE_ACCOUNTS.map((a) => a.id));
    for (const account of SAMPLE_ACCOUNTS) {
      const user = users.find((u) => u.id === account.id)!;
      expect(user).toMatchObject({ email: account.email, status: 'ACTIVE' });
      expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verify(user.password_hash, account.developmentPassword)).toBe(true);
      expect(await verify(user.password_hash, 'wrong password')).toBe(false);
    }
    const preferences = await queryDatabase<any>(url, 'SELECT * FROM user_preferences ORDER BY user_id');
    expect(preferences.map((p) => p.user_id)).toEqual(SAMPLE_ACCOUNTS.map((a) => a.id));
    for (const p of preferences) {
      for (const category of [
        'notifications',
        'privacy',
        'display',
        'accessibility',
        'communication',
        'security',
        'localization',
      ]) {
        expect(Object.keys(p[category]).length).toBeGreaterThan(0);
      }
    }
    const assignments = await queryDatabase<any>(
      url,
      'SELECT ur.user_id, r.slug, ur.scope, ur.scope_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id ORDER BY ur.user_id',
    );
    expect(assignments).toEqual([
      {
        user_id: SAMPLE_ACCOUNTS[0]!.id,
        slug: 'super-admin',
        scope: 'GLOBAL',
        scope_id: '00000000-0000-0000-0000-000000000000',
      },
      {
        user_id: SAMPLE_ACCOUNTS[1]!.id,
        slug: 'user',
        scope: 'GLOBAL',
        scope_id: '00000000-0000-0000-0000-000000000000',
      },
    ]);
  });

  it('auth: the rate-limit rules and trusted devices of the sample accounts', async () => {
    const url = databases.auth.url;
    const limits = await queryDatabase<any>(
      url,
      'SELECT key, endpoint, "limit", window_seconds, block_duration_seconds FROM rate_limits ORDER BY key COLLATE "C"',
    );
    // The numbers users meet, written out: a change to the defaults must change this test too.
    expect(limits.map((l) => [l.key, l.limit, l.window_seconds, l.block_duration_seconds])).toEqual([
      ['password-reset:identifier', 3, 3600, 3600],
      ['password-reset:ip', 10, 3600, 3600],
      ['sign-in:identifier', 5, 900, 900],
      ['sign-in:ip', 50, 900, 900],
      ['sign-up:ip', 5, 3600, 3600],
      ['token-refresh:ip', 300, 60, 0],
      ['token-refresh:user', 30, 60, 0],
      ['two-factor-verify:ip', 30, 300, 900],
      ['two-factor-verify:user', 5, 300, 900],
    ]);
    const devices = await queryDatabase<any>(
      url,
      'SELECT DISTINCT user_id, status FROM devices ORDER BY user_id',
    );
    expect(devices).toEqual(SAMPLE_ACCOUNTS.map((a) => ({ user_id: a.id, status: 'TRUSTED' })));
  });

  it('refers to the same sample user ids in all three databases', async () => {
    const userIds = (await queryDatabase<any>(databases.user.url, 'SELECT id FROM users ORDER BY id')).map(
      (r) => r.id,
    );
    const authIds = (
      await queryDatabase<any>(databases.auth.url, 'SELECT DISTINCT user_id FROM devices ORDER BY user_id')
    ).map((r) => r.user_id);
    const notificationIds = (
      await queryDatabase<any>(
        databases.notification.url,
        'SELECT DISTINCT user_id FROM user_preferences ORDER BY user_id',
      )
    ).map((r) => r.user_id);
    expect(authIds).toEqual(userIds);
    expect(notificationIds).toEqual(userIds);
  });

  it('changes nothing when run again, not even updated_at or a password hash', async () => {
    for (const service of SERVICES) {
      const before = await dump(databases[service].url);
      expect(Object.values(before).some((rows) => rows !== '[]')).toBe(true);
      const second = await runSeed(service, databases[service].url);
      expect(second).toMatchObject({ code: 0, stderr: '' });
      expect(second.stdout).not.toMatch(/[1-9]\d* created/);
      expect(await dump(databases[service].url)).toEqual(before);
    }
  }, 120_000);
});
