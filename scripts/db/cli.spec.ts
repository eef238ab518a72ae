import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createTestDatabase, dropTestDatabase } from '@orion/testing';
import { COMMANDS, CommandContext } from './commands';
import { withClient } from './database-admin';
import { deploy } from './migrator';
import { memoryOutput } from './output';
import { ServicePaths } from './services';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/migrations');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The script with none of the service URLs and no .env, unless a test adds them. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env };
  for (const name of ['AUTH_DATABASE_URL', 'USER_DATABASE_URL', 'NOTIFICATION_DATABASE_URL', 'FORCE_COLOR'])
    delete base[name];
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...base, ORION_ENV_FILE: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const script =
  (...args: string[]) =>
  (env?: Record<string, string>) =>
    run('bash', ['scripts/db-migrate.sh', ...args], env);

describe('scripts/db-migrate.sh', () => {
  it.each([
    [[], /Expected a service and a command/],
    [['auth'], /Expected a service and a command/],
    [['billing', 'deploy'], /Unknown service "billing"/],
    [['auth', 'launch'], /Unknown command "launch"/],
    [['auth', 'deploy', '--force'], /Unknown option --force/],
    [['auth', 'resolve'], /resolve needs --applied <migration> or --rolled-back <migration>/],
    [['auth', 'migrate', '--name'], /--name needs a value/],
  ])('rejects %j with a usage error', async (args, message) => {
    const result = await script(...args)();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toContain('Usage: scripts/db-migrate.sh');
  });

  it('names the missing database variable', async () => {
    const result = await script('auth', 'status')();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AUTH_DATABASE_URL is not set');
  });

  it('checks every variable before running anything for all', async () => {
    const result = await script(
      'all',
      'deploy',
    )({ AUTH_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/unused' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('USER_DATABASE_URL is not set');
    expect(result.stdout).not.toContain('auth: deploy');
  });

  it('reads the variables from an env file when the environment lacks them', async () => {
    const result = await script('auth', 'reset')({ ORION_ENV_FILE: join(FIXTURES, 'env/auth-only.env') });
    expect(result.stderr).not.toContain('AUTH_DATABASE_URL is not set');
    expect(result.stderr).toContain('pass --yes');
  });

  it('refuses reset without --yes when there is no terminal, leaving the data alone', async () => {
    const db = await createTestDatabase('cli_reset');
    try {
      await withClient(db.url, (c) => c.query('CREATE TABLE keep_me (id int)'));
      const result = await script('auth', 'reset')({ AUTH_DATABASE_URL: db.url });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/reset deletes all data of auth .*pass --yes/);
      await withClient(db.url, (c) => c.query('SELECT * FROM keep_me'));
    } finally {
      await dropTestDatabase(db.name);
    }
  });

  it('prints no colour codes when output is not a terminal', async () => {
    const result = await script('auth', 'status')();
    expect(result.stderr + result.stdout).not.toContain('\u001b[');
  });
});

describe('deploys from separate processes', () => {
  it('apply each migration exactly once', async () => {
    const db = await createTestDatabase('cli_race');
    try {
      const code = `require('./scripts/db/migrator').deploy({ databaseUrl: process.env.URL, migrationsDir: 'test/fixtures/migrations/basic' })
        .then((r) => process.stdout.write(JSON.stringify(r.applied)), (e) => { console.error(e); process.exit(1); })`;
      const tsx = join(ROOT, 'node_modules/.bin/tsx');
      const results = await Promise.all([1, 2].map(() => run(tsx, ['-e', code], { URL: db.url })));
      expect(results.map((r) => r.code)).toEqual([0, 0]);
      expect(results.flatMap((r) => JSON.parse(r.stdout) as string[]).sort()).toEqual([
        '20260101000000_init',
        '20260102000000_add_profile',
      ]);
      const names = await withClient(
        db.url,
        async (c) => (await c.query('SELECT migration_name FROM _prisma_migrations')).rows,
      );
      expect(names).toHaveLength(2);
    } finally {
      await dropTestDatabase(db.name);
    }
  });
});

describe('commands for one service', () => {
  let db: { name: string; url: string };
  beforeEach(async () => (db = await createTestDatabase('cli_cmd')));
  afterEach(() => dropTestDatabase(db.name));

  function context(
    migrations: string,
    extra: Partial<ServicePaths> = {},
  ): { ctx: CommandContext; text: () => string } {
    const output = memoryOutput();
    process.env.ORION_SPEC_DATABASE_URL = db.url;
    const service: ServicePaths = {
      name: 'auth',
      envVar: 'ORION_SPEC_DATABASE_URL',
      dir: FIXTURES,
      schema: join(FIXTURES, 'none.prisma'),
      config: join(FIXTURES, 'none.config.ts'),
      migrations,
      seed: join(FIXTURES, 'no-seed.ts'),
      ...extra,
    };
    return { ctx: { service, output, yes: false }, text: () => output.text() };
  }

  it('status lists applied, pending and failed migrations and fails unless up to date', async () => {
    const { ctx, text } = context(join(FIXTURES, 'failing'));
    expect(await COMMANDS.status(ctx)).toBe(false);
    expect(text()).toMatch(/pending +20260101000000_init/);
    expect(text()).toMatch(/pending +20260102000000_broken/);

    await expect(COMMANDS.deploy(ctx)).rejects.toThrow(/20260102000000_broken/);
    const after = context(join(FIXTURES, 'failing'));
    expect(await COMMANDS.status(after.ctx)).toBe(false);
    expect(after.text()).toMatch(/applied +20260101000000_init +\(finished \d{4}-/);
    expect(after.text()).toMatch(/failed +20260102000000_broken/);
    expect(after.text()).toContain('resolve --rolled-back 20260102000000_broken');
  });

  it('status is clean once everything is applied, and warns about edited migrations', async () => {
    const { ctx, text } = context(join(FIXTURES, 'basic'));
    await COMMANDS.deploy(ctx);
    expect(await COMMANDS.status(ctx)).toBe(true);
    expect(text()).toContain('Database schema is up to date.');

    await withClient(db.url, (c) =>
      c.query(
        "UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = '20260101000000_init'",
      ),
    );
    const edited = context(join(FIXTURES, 'basic'));
    expect(await COMMANDS.status(edited.ctx)).toBe(true);
    expect(edited.text()).toContain('warning: 20260101000000_init was modified after it was applied');
  });

  it('seed fails clearly when the seed file is missing', async () => {
    const { ctx } = context(join(FIXTURES, 'basic'));
    await expect(COMMANDS.seed(ctx)).rejects.toThrow(/No seed file for auth: .*no-seed\.ts does not exist/);
  });

  it('reset asks on a terminal and keeps the data unless confirmed', async () => {
    const { ctx } = context(join(FIXTURES, 'basic'), { seed: join(FIXTURES, 'env/seed.ts') });
    await deploy({ databaseUrl: db.url, migrationsDir: join(FIXTURES, 'basic') });
    const questions: string[] = [];
    const answer = (reply: string) => async (question: string) => (questions.push(question), reply);
    await expect(COMMANDS.reset({ ...ctx, ask: answer('no') })).rejects.toThrow('reset of auth cancelled');
    expect(questions[0]).toMatch(/Type "auth" or "y" to confirm/);
    await withClient(db.url, (c) =>
      c.query(`INSERT INTO "User" (id, email) VALUES ('u1', 'kept@example.test')`),
    );
    await COMMANDS.reset({ ...ctx, ask: answer('auth') });
    const emails = await withClient(db.url, async (c) => (await c.query('SELECT email FROM "User"')).rows);
    expect(emails).toEqual([{ email: 'seeded@example.test' }]);
  });

  it('reset refuses before dropping anything when the seed file is missing', async () => {
    const { ctx } = context(join(FIXTURES, 'basic'));
    await deploy({ databaseUrl: db.url, migrationsDir: join(FIXTURES, 'basic') });
    await expect(COMMANDS.reset({ ...ctx, yes: true })).rejects.toThrow(/No seed file/);
    await withClient(db.url, (c) => c.query('SELECT * FROM "User"'));
  });

  it('reset with --yes empties the schema, then deploys and seeds', async () => {
    const { ctx } = context(join(FIXTURES, 'basic'), { seed: join(FIXTURES, 'env/seed.ts') });
    await deploy({ databaseUrl: db.url, migrationsDir: join(FIXTURES, 'basic') });
    await withClient(db.url, (c) =>
      c.query(`INSERT INTO "User" (id, email) VALUES ('u1', 'old@example.test')`),
    );
    await COMMANDS.reset({ ...ctx, yes: true });
    const emails = await withClient(db.url, async (c) => (await c.query('SELECT email FROM "User"')).rows);
    expect(emails).toEqual([{ email: 'seeded@example.test' }]);
  });
});
