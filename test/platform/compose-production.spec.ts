import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PUBLISHED_SECRETS, publishedSecretProblems, SECRET_VARIABLE_NAME } from '@orion/core';
import {
  type ComposeDocument,
  composeValidator,
  environmentOf,
  hostAddresses,
  loadComposeFiles,
  parseComposeFile,
  ROOT,
} from './compose-files';

/**
 * docker-compose.yml is the local development stack; docker-compose.yml + docker-compose.prod.yml
 * is production. Checked statically (no container engine on CI): what each exposes, which mode it
 * runs in, and that production cannot start with a secret the repository publishes.
 */

const LOCAL = ['docker-compose.yml'];
const PRODUCTION = ['docker-compose.yml', 'docker-compose.prod.yml'];
const APPS = ['auth', 'user', 'notification'] as const;

/** What an operator must set for production; each is required by the prod file. */
const REQUIRED = [
  'POSTGRES_PASSWORD',
  'REDIS_AUTH_PASSWORD',
  'REDIS_USER_PASSWORD',
  'REDIS_NOTIFICATION_PASSWORD',
  'REDIS_HEALTH_PASSWORD',
  'REDIS_ACL_FILE',
  'AUTH_TRANSPORT_SIGNING_KEY',
  'USER_TRANSPORT_SIGNING_KEY',
  'NOTIFICATION_TRANSPORT_SIGNING_KEY',
  'TRANSPORT_TRUSTED_KEYS',
  'CACHE_MAC_KEY',
  'AUTH_TRANSPORT_SEALING_KEY',
  'USER_TRANSPORT_SEALING_KEY',
  'NOTIFICATION_TRANSPORT_SEALING_KEY',
  'TRANSPORT_SEALING_PUBLIC_KEYS',
  'AUTH_KEY_ENCRYPTION_SECRET',
  'WEBHOOK_SECRET_ENCRYPTION_KEY',
  'WEBAUTHN_RP_ID',
  'WEBAUTHN_ORIGINS',
] as const;
const operatorEnv = () => ({
  ...Object.fromEntries(REQUIRED.map((name) => [name, randomBytes(24).toString('base64url')])),
  REDIS_ACL_FILE: `/etc/orion/redis-${randomBytes(4).toString('hex')}.acl`,
});

/** The password the Redis health check signs in with (the orion-health ACL user). */
const healthPassword = (compose: ComposeDocument): string =>
  environmentOf(compose.services.redis).REDISCLI_AUTH!;

/** The ACL file Redis loads, and where it comes from on the host. */
const aclFile = (compose: ComposeDocument): { path: string; source: string | undefined } => {
  const command = compose.services.redis!.command ?? [];
  const path = command[command.indexOf('--aclfile') + 1]!;
  const volumes = (compose.services.redis!.volumes ?? []) as string[];
  // source:target[:mode], where the source may be ${VAR:?message}, colons included.
  const targetOf = (volume: string) =>
    volume.replace(/:ro$/, '').slice(volume.replace(/:ro$/, '').lastIndexOf(':') + 1);
  const mount = volumes.find((volume) => targetOf(volume) === path);
  return { path, source: mount?.slice(0, mount.replace(/:ro$/, '').lastIndexOf(':')) };
};

describe('the local stack (docker compose up)', () => {
  const compose = loadComposeFiles(LOCAL);

  it('publishes every port on 127.0.0.1 only', () => {
    const published = Object.entries(compose.services).flatMap(([name, service]: [string, any]) =>
      hostAddresses(service).map((address) => [name, address]),
    );
    expect(published.map(([name]) => name).sort()).toEqual([...APPS, 'maildev'].sort());
    for (const entry of published) expect(entry).toEqual([entry[0], '127.0.0.1']);
  });

  it('runs the services and the seed in development mode, with the sample accounts', () => {
    for (const name of [...APPS, 'migrate']) {
      expect([name, environmentOf(compose.services[name]).NODE_ENV]).toEqual([name, 'development']);
    }
    expect(environmentOf(compose.services.migrate).SEED_SAMPLE_ACCOUNTS).toBe('true');
  });

  it('works with no setup: every secret has a default, and each default is a published one', () => {
    // The same check a production process applies: the local stack would be refused there.
    for (const name of APPS) {
      const problems = publishedSecretProblems(environmentOf(compose.services[name]));
      expect([name, problems.some((p) => p.startsWith('REDIS_URL:'))]).toEqual([name, true]);
    }
    expect(PUBLISHED_SECRETS).toContain(healthPassword(compose));
    expect(aclFile(compose).source).toBe('./docker/redis/users.acl');
  });
});

describe('the production configuration (docker-compose.prod.yml)', () => {
  const validate = composeValidator();

  it('is valid under the Compose specification schema once merged', () => {
    const valid = validate(loadComposeFiles(PRODUCTION, operatorEnv()));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('writes every secret as ${VAR:?} and defaults none', () => {
    const raw = parseComposeFile('docker-compose.prod.yml');
    const secretValues: Array<[string, string]> = [];
    for (const [name, service] of Object.entries<any>(raw.services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        if (SECRET_VARIABLE_NAME.test(key) && value !== '') secretValues.push([`${name}.${key}`, value]);
        // Any password inside a URL: postgresql://user:${POSTGRES_PASSWORD:?…}@host
        const inUrl = /:\/\/(?:\$\{[^}]*\}|[^:@/]*):([^@]+)@/.exec(value)?.[1];
        if (inUrl) secretValues.push([`${name}.${key} (password)`, inUrl]);
      }
    }
    secretValues.push(['redis REDISCLI_AUTH', healthPassword(raw)]);
    secretValues.push(['redis --aclfile source', aclFile(raw).source ?? '(not mounted)']);
    expect(secretValues.length).toBeGreaterThan(8);
    for (const [where, value] of secretValues) {
      expect([where, value]).toEqual([where, expect.stringMatching(/^\$\{[A-Z0-9_]+:\?[^}]*\}$/)]);
    }
  });

  it.each(REQUIRED)('refuses to render without %s', (name) => {
    const env: Record<string, string | undefined> = operatorEnv();
    delete env[name];
    expect(() => loadComposeFiles(PRODUCTION, env)).toThrow(`required variable ${name} is missing`);
  });

  it('leaves no published secret anywhere once the operator has set the required ones', () => {
    const operatorSet = operatorEnv();
    const compose = loadComposeFiles(PRODUCTION, operatorSet);
    for (const [name, service] of Object.entries<any>(compose.services)) {
      expect([name, publishedSecretProblems(environmentOf(service))]).toEqual([name, []]);
    }
    expect(PUBLISHED_SECRETS).not.toContain(healthPassword(compose));
    // Redis loads the operator's ACL file, not the committed development one.
    expect(aclFile(compose).source).toBe(operatorSet.REDIS_ACL_FILE);
  });

  it('runs in production mode without sample accounts, docs off, ports still on 127.0.0.1', () => {
    const compose = loadComposeFiles(PRODUCTION, operatorEnv());
    for (const name of [...APPS, 'migrate']) {
      expect([name, environmentOf(compose.services[name]).NODE_ENV]).toEqual([name, 'production']);
    }
    expect(environmentOf(compose.services.migrate).SEED_SAMPLE_ACCOUNTS).toBe('false');
    for (const name of APPS) {
      const env = environmentOf(compose.services[name]);
      expect([name, env.DOCS_ENABLED, env.AUTH_JWKS_INTERNAL]).toEqual([name, 'false', 'true']);
      expect([name, hostAddresses(compose.services[name])]).toEqual([name, ['127.0.0.1']]);
    }
  });

  it('runs no mail catcher and sends e-mail only to the relay the operator names', () => {
    const compose = loadComposeFiles(PRODUCTION, operatorEnv());
    // A service with a profile starts only when that profile is asked for.
    expect(compose.services.maildev!.profiles).toEqual(['local-mail']);
    expect(environmentOf(compose.services.notification!).SMTP_HOST).toBe('');
    const relay = loadComposeFiles(PRODUCTION, { ...operatorEnv(), SMTP_HOST: 'smtp.example.com' });
    expect(environmentOf(relay.services.notification!)).toMatchObject({
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '587',
    });
  });
});

// Debian's docker-compose (apt-get install docker-compose) validates without an engine.
const dockerCompose = existsSync('/usr/bin/docker-compose') ? it : it.skip;
describe('docker-compose config', () => {
  const run = (files: string[], env: Record<string, string>) =>
    spawnSync('docker-compose', [...files.flatMap((f) => ['-f', f]), 'config', '-q'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...env },
    });

  dockerCompose('accepts the local stack with no variables set', () => {
    expect(run(LOCAL, {})).toMatchObject({ status: 0, stderr: '' });
  });

  dockerCompose('accepts production with the secrets set, and refuses it without', () => {
    expect(run(PRODUCTION, operatorEnv())).toMatchObject({ status: 0 });
    const missing = run(PRODUCTION, {});
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('set POSTGRES_PASSWORD');
  });
});
