import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeValidator, environmentOf, loadComposeFiles, readText } from './compose-files';
import { DEVELOPMENT_REDIS_PASSWORDS } from '../../libs/core/src/config/development-keys';

/**
 * docker-compose.yml and the Dockerfile cannot be started on CI (no container engine), so they are
 * checked statically: against the Compose specification's JSON schema, and for the wiring that
 * people running the stack rely on (start order, health, ports, variables, databases, targets).
 */

const root = join(__dirname, '..', '..');
const APPS = { auth: 3001, user: 3002, notification: 3003 } as const;
type AppName = keyof typeof APPS;
const APP_NAMES = Object.keys(APPS) as AppName[];
const databaseVar = (app: AppName) => `${app.toUpperCase()}_DATABASE_URL`;
const portVar = (app: AppName) => `${app.toUpperCase()}_PORT`;

type Command = string | string[];
type Dependencies = string[] | Record<string, { condition?: string }>;
interface Service {
  image?: string;
  build?: { context?: string; target?: string };
  command?: Command;
  entrypoint?: Command;
  restart?: string;
  environment?: string[] | Record<string, string | number | boolean | null>;
  depends_on?: Dependencies;
  ports?: Array<string | number | { published?: string | number; target: number }>;
  volumes?: Array<string | { type: string; source?: string; target?: string }>;
  healthcheck?: { test?: Command; interval?: string; disable?: boolean };
  [key: string]: unknown;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The compose file as Compose sees it when no variable is set: every default applies. */
const loadCompose = (): Compose => loadComposeFiles(['docker-compose.yml']) as unknown as Compose;

const asArray = (command: unknown): string[] =>
  Array.isArray(command)
    ? command.map(String)
    : String(command ?? '')
        .split(/\s+/)
        .filter(Boolean);

/** Published ports as [host, container] pairs, short or long syntax. */
function publishedPorts(service: Service): Array<[number, number]> {
  return (service.ports ?? []).map((port: unknown) => {
    if (port && typeof port === 'object') {
      const long = port as { published: number | string; target: number };
      return [Number(long.published), Number(long.target)];
    }
    const parts = String(port)
      .replace(/\/\w+$/, '')
      .split(':');
    return [Number(parts[parts.length - 2]), Number(parts[parts.length - 1])];
  });
}

interface Stage {
  name?: string;
  from: string;
  lines: string[];
}

/** Dockerfile stages in order, with their instructions (continuation lines joined). */
function dockerfileStages(): Stage[] {
  const joined = readText('Dockerfile')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const line of joined
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ from: from[1], name: from[2]?.toLowerCase(), lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

/** A stage followed by the stages it builds on, nearest first. */
function ancestry(stages: Stage[], name: string): Stage[] {
  const stage = stages.find((s) => s.name === name);
  return stage ? [stage, ...ancestry(stages, stage.from.toLowerCase())] : [];
}

/** Arguments of the instructions of a stage and its ancestors, nearest last. */
function instructions(stages: Stage[], name: string, instruction: string): string[] {
  return ancestry(stages, name)
    .reverse()
    .flatMap((s) => s.lines)
    .filter((line) => line.toUpperCase().startsWith(`${instruction} `))
    .map((line) => line.slice(instruction.length).trim());
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const services = compose.services;
  const validate = composeValidator();

  it('is valid under the Compose specification schema', () => {
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(compose).not.toHaveProperty('version');
  });

  it('has a schema check that rejects malformed documents', () => {
    const broken = (mutate: (doc: Compose) => void): boolean => {
      const doc = structuredClone(compose);
      mutate(doc);
      return validate(doc);
    };
    expect(broken(() => undefined)).toBe(true);
    expect(broken((d) => (d.services.auth.healthcheck_url = '/health/ready'))).toBe(false);
    expect(
      broken((d) => (d.services.auth.depends_on = { migrate: { condition: 'service_completed' } })),
    ).toBe(false);
    expect(
      broken((d) => (d.services.auth.healthcheck = { test: ['CMD', 'true'], interval: '15 seconds' })),
    ).toBe(false);
    expect(broken((d) => (d.services.auth.ports = ['three thousand']))).toBe(false);
    expect(broken((d) => (d.servics = {}))).toBe(false);
  });

  it('runs PostgreSQL 17 and Redis 7, with health checks and a named volume for the data', () => {
    expect(services.postgres.image).toMatch(/^postgres:17(\b|$)/);
    expect(services.redis.image).toMatch(/^redis:7(\b|$)/);
    expect(asArray(services.postgres.healthcheck?.test).join(' ')).toContain('pg_isready');
    expect(asArray(services.redis.healthcheck?.test).join(' ')).toContain('ping');
    const dataVolume = asArray(services.postgres.volumes).find((v) =>
      v.endsWith(':/var/lib/postgresql/data'),
    );
    expect(dataVolume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(dataVolume!.split(':')[0]);
  });

  it('makes every dependency wait on a condition its target can meet', () => {
    for (const [name, service] of Object.entries(services)) {
      const dependencies = service.depends_on;
      if (dependencies === undefined) continue;
      // The short list form means "started", which says nothing about being ready.
      if (Array.isArray(dependencies)) throw new Error(`${name}: depends_on needs a condition per service`);
      for (const [target, spec] of Object.entries(dependencies)) {
        expect(services).toHaveProperty([target]);
        expect(['service_healthy', 'service_completed_successfully', 'service_started']).toContain(
          spec.condition,
        );
        if (spec.condition === 'service_healthy') expect(services[target].healthcheck?.test).toBeDefined();
      }
    }
  });

  it('migrates and seeds once, after PostgreSQL and Redis are healthy', () => {
    const migrate = services.migrate;
    expect(asArray(migrate.command ?? migrate.entrypoint).join(' ')).toMatch(
      /scripts\/db-migrate\.sh all init$/,
    );
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    const env = environmentOf(migrate);
    for (const app of APP_NAMES) expect(env[databaseVar(app)]).toMatch(/^postgresql:\/\//);
  });

  describe.each(APP_NAMES)('%s service', (app) => {
    const service = services[app];
    const port = APPS[app];
    const env = environmentOf(service);

    it('waits for the migration to finish and for PostgreSQL and Redis to be healthy', () => {
      expect(service.depends_on).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      expect(service.restart).toBe('unless-stopped');
    });

    it(`listens on ${port}, publishes it, and probes /health/ready there`, () => {
      expect(env[portVar(app)]).toBe(String(port));
      expect(env.HOST).toBe('0.0.0.0');
      expect(publishedPorts(service)).toContainEqual([port, port]);
      const probe = asArray(service.healthcheck?.test);
      expect(probe[0]).toBe('CMD');
      expect(probe.join(' ')).toContain(`http://127.0.0.1:${port}/health/ready`);
      expect(service.healthcheck?.disable).not.toBe(true);
    });

    it('gets its own database and an authenticated Redis, nothing of the other services', () => {
      expect(env[databaseVar(app)]).toMatch(/^postgresql:\/\//);
      for (const other of APP_NAMES.filter((a) => a !== app)) {
        expect(env).not.toHaveProperty(databaseVar(other));
        expect(env).not.toHaveProperty(portVar(other));
      }
      expect(env.REDIS_URL).toBeDefined();
      expect(new URL(env.REDIS_URL).password).not.toBe('');
      // The local stack; docker-compose.prod.yml switches to production (compose-production.spec.ts).
      expect(env.NODE_ENV).toBe('development');
    });
  });

  it('points every connection URL at the servers and credentials the stack defines', () => {
    const pg = environmentOf(services.postgres);
    // Each service connects as its own ACL user (test/platform/redis-acl.spec.ts checks the file).
    expect(asArray(services.redis.command)).toContain('--aclfile');
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (key.endsWith('_DATABASE_URL')) {
          const url = new URL(value);
          expect([name, url.hostname, url.username, url.password]).toEqual([
            name,
            'postgres',
            pg.POSTGRES_USER,
            pg.POSTGRES_PASSWORD,
          ]);
        }
        if (key === 'REDIS_URL') {
          const url = new URL(value);
          expect([name, url.hostname, url.username, decodeURIComponent(url.password)]).toEqual([
            name,
            'redis',
            `orion-${name}`,
            DEVELOPMENT_REDIS_PASSWORDS[name as AppName],
          ]);
        }
      }
    }
  });

  it('runs a mail catcher the notification service sends to, its inbox on 127.0.0.1 only', () => {
    const catcher = services.maildev;
    expect(catcher.image).toMatch(/^maildev\/maildev:\d/);
    expect(environmentOf(catcher)).toMatchObject({ MAILDEV_SMTP_PORT: '1025', MAILDEV_WEB_PORT: '1080' });
    // Only the web inbox is published; SMTP stays on the stack's network.
    expect(catcher.ports).toEqual(['127.0.0.1:1080:1080']);
    expect(environmentOf(services.notification)).toMatchObject({
      SMTP_HOST: 'maildev',
      SMTP_PORT: '1025',
      SMTP_SECURE: 'false',
      NODE_ENV: 'development',
    });
  });

  it('names only variables the configuration knows', () => {
    const known = new Set(
      readText('.env.example')
        .split('\n')
        .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line.trim())?.[1])
        .filter(Boolean),
    );
    for (const name of ['migrate', ...APP_NAMES]) {
      const unknown = Object.keys(environmentOf(services[name])).filter((key) => !known.has(key));
      expect([name, unknown]).toEqual([name, []]);
    }
  });

  it('creates exactly the databases the services connect to, on first start', () => {
    const mount = asArray(services.postgres.volumes).find((v) =>
      v.split(':')[1]?.startsWith('/docker-entrypoint-initdb.d/'),
    );
    expect(mount).toBeDefined();
    const script = join(root, mount!.split(':')[0]);
    expect(existsSync(script)).toBe(true);
    const sql = readFileSync(script, 'utf8').replace(/--.*$/gm, '');
    const created = [...sql.matchAll(/CREATE\s+DATABASE\s+"?([A-Za-z0-9_]+)"?/gi)].map((m) => m[1]);

    const urls = Object.values(services).flatMap((service) =>
      Object.entries(environmentOf(service))
        .filter(([key]) => key.endsWith('_DATABASE_URL'))
        .map(([, value]) => new URL(value).pathname.slice(1)),
    );
    expect(created.sort()).toEqual([...new Set(urls)].sort());
    expect(created).toHaveLength(3);
  });

  describe('Dockerfile', () => {
    const stages = dockerfileStages();
    const names = stages.map((s) => s.name).filter(Boolean);

    it('defines every target the compose file builds', () => {
      const targets = Object.values(services)
        .filter((service) => service.build)
        .map((service) => String(service.build?.target));
      expect(targets.sort()).toEqual(['auth', 'migrate', 'notification', 'user']);
      for (const target of targets) expect(names).toContain(target);
    });

    it('starts each service from its build output, as a non-root user in production mode', () => {
      const nonRoot = /^(?!root\b|0\b)\S+/;
      for (const app of APP_NAMES) {
        expect(instructions(stages, app, 'CMD').at(-1)).toBe(`["node", "dist/apps/${app}/main.js"]`);
        expect(instructions(stages, app, 'USER').at(-1)).toMatch(nonRoot);
        expect(instructions(stages, app, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
      }
      expect(instructions(stages, 'migrate', 'USER').at(-1)).toMatch(nonRoot);
    });

    it('installs from the lockfile', () => {
      expect(stages.flatMap((s) => s.lines).join('\n')).toMatch(/RUN npm ci\b/);
    });
  });
});
