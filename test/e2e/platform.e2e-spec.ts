import { connect } from 'node:net';
import { adminDatabaseUrl, eventually } from '@orion/testing';
import {
  assertBuilt,
  databaseExists,
  Platform,
  PlatformService,
  queryDatabase,
  runningChildPids,
  startPlatform,
} from './harness';

/** One table each service's committed migrations must have created. */
const EXPECTED_TABLE = { auth: 'auth_tokens', user: 'users', notification: 'templates' } as const;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function readiness(baseUrl: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}/health/ready`);
  return { status: response.status, body: await response.json() };
}

describe('the platform harness', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform();
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('starts each service on its own port and its own migrated database', async () => {
    const ports = new Set(platform.services.map((s) => s.port));
    const databases = new Set(platform.services.map((s) => s.database.name));
    expect(ports.size).toBe(3);
    expect(databases.size).toBe(3);
    for (const service of platform.services) {
      const migrations = await queryDatabase<{ migration_name: string; finished_at: Date | null }>(
        service.database.url,
        'SELECT migration_name, finished_at FROM _prisma_migrations',
      );
      expect(migrations.length).toBeGreaterThan(0);
      expect(migrations.every((m) => m.finished_at !== null)).toBe(true);
      const [table] = await queryDatabase<{ regclass: string | null }>(
        service.database.url,
        'SELECT to_regclass($1)::text AS regclass',
        [`public.${EXPECTED_TABLE[service.name]}`],
      );
      expect(table?.regclass).toBe(EXPECTED_TABLE[service.name]);
      expect(service.env[`${service.name.toUpperCase()}_DATABASE_URL`]).toBe(service.database.url);
    }
  });

  it('has every service ready (its database and Redis up)', async () => {
    for (const service of platform.services) {
      const { status, body } = await readiness(service.baseUrl);
      expect(status).toBe(200);
      expect(body).toEqual({ status: 'ok' });
    }
  });

  it('captures what each process logs', async () => {
    await fetch(`${platform.user.baseUrl}/api/v1/no-such-route`, {
      headers: { 'x-request-id': 'e2e-log-1' },
    });
    await eventually(
      () => platform.user.logEntries().some((entry) => entry.requestId === 'e2e-log-1'),
      'the request log line',
    );
    expect(platform.user.logs()).toContain(`orion-user listening on 127.0.0.1:${platform.user.port}`);
    expect(platform.user.logEntries()).toContainEqual(
      expect.objectContaining({ service: 'user', requestId: 'e2e-log-1' }),
    );
    for (const service of platform.services) expect(service.logs()).toContain(`orion-${service.name}`);
  });

  it('survives a SIGKILL of one service and restarts it on the same port and database', async () => {
    const { notification } = platform;
    const pidBefore = notification.pid!;
    const { port, database } = notification;

    const status = await notification.kill('SIGKILL');
    expect(status).toEqual({ code: null, signal: 'SIGKILL' });
    expect(notification.running).toBe(false);
    expect(isAlive(pidBefore)).toBe(false);
    await expect(fetch(`${notification.baseUrl}/health/ready`)).rejects.toThrow();
    for (const other of [platform.auth, platform.user]) {
      expect((await readiness(other.baseUrl)).status).toBe(200);
    }

    await notification.restart();
    expect(notification.pid).not.toBe(pidBefore);
    expect(notification.port).toBe(port);
    expect(notification.database).toBe(database);
    expect((await readiness(notification.baseUrl)).status).toBe(200);
    // The logs of the crashed run are kept, followed by the new run's.
    const listening = notification.logs().match(/orion-notification listening on/g) ?? [];
    expect(listening).toHaveLength(2);
  }, 60_000);

  it('restarts a running service gracefully', async () => {
    const pidBefore = platform.auth.pid!;
    await platform.auth.restart();
    expect(isAlive(pidBefore)).toBe(false);
    expect((await readiness(platform.auth.baseUrl)).status).toBe(200);
  }, 60_000);
});

describe('seeding and stopping the platform', () => {
  it('seeds the databases asked for, then stops leaving no child process alive and no database', async () => {
    const platform = await startPlatform({ databasePrefix: 'orion_e2e_stop', seed: ['notification'] });
    const pids = platform.services.map((s) => s.pid!);
    const names = platform.services.map((s) => s.database.name);
    for (const pid of pids) expect(isAlive(pid)).toBe(true);
    for (const name of names) expect(await databaseExists(name)).toBe(true);
    const count = async (service: PlatformService, table: string) => {
      const url = platform[service].database.url;
      const [row] = await queryDatabase<{ n: number }>(url, `SELECT count(*)::int AS n FROM ${table}`);
      return row!.n;
    };
    expect(await count('notification', 'templates')).toBeGreaterThan(0);
    expect(await count('user', 'users')).toBe(0);

    await platform.stop();

    for (const pid of pids)
      expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(runningChildPids()).toEqual([]);
    for (const name of names) expect(await databaseExists(name)).toBe(false);
    expect(await acceptsConnections(platform.smtp.port)).toBe(false);
    await expect(fetch(platform.http.url('/'))).rejects.toThrow();
  }, 120_000);
});

describe('a platform that cannot start', () => {
  it('names the missing build', () => {
    expect(() => assertBuilt(['nowhere' as PlatformService])).toThrow(
      /nowhere\/main\.js is missing: run `npm run build`/,
    );
  });

  it('reports the failing service and cleans up everything it had started', async () => {
    const prefix = `orion_e2e_fail_${process.pid}`;
    await expect(
      startPlatform({ databasePrefix: prefix, serviceEnv: { user: { USER_DATABASE_URL: 'mysql://x/y' } } }),
    ).rejects.toThrow(/starting the platform failed:\n- user exited .*USER_DATABASE_URL: must be a URL/s);
    expect(runningChildPids()).toEqual([]);
    const left = await queryDatabase(
      adminDatabaseUrl(),
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    expect(left).toEqual([]);
  }, 120_000);
});
