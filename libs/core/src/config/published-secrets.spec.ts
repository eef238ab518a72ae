import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_ACCOUNTS } from '../../../../prisma/sample-accounts';
import { PUBLISHED_SECRETS, publishedSecretProblems, SECRET_VARIABLE_NAME } from './published-secrets';
import { loadServiceConfig } from './service-config';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

/** Secret values the repository writes down, wherever a default or an example can hide. */
function secretsWrittenInTheRepository(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const fromUrl = (where: string, value: string) => {
    const password = /^[a-z]+:\/\/[^:/@]*:([^@]+)@/.exec(value)?.[1];
    if (password && !password.startsWith('$')) found.push([`${where} (URL password)`, password]);
  };
  for (const line of read('.env.example').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, name, value] = match as unknown as [string, string, string];
    if (SECRET_VARIABLE_NAME.test(name) && value) found.push([`.env.example ${name}`, value]);
    fromUrl(`.env.example ${name}`, value);
  }
  for (const file of ['docker-compose.yml', 'docker-compose.prod.yml']) {
    for (const [, name, value] of read(file).matchAll(/\$\{([A-Z0-9_]+):?-([^}]*)\}/g)) {
      if (SECRET_VARIABLE_NAME.test(name!) && value) found.push([`${file} ${name}`, value]);
    }
  }
  for (const account of SAMPLE_ACCOUNTS) found.push([`sample ${account.email}`, account.developmentPassword]);
  // Built-in development fallbacks: const DEVELOPMENT_SECRET = '…' and the like.
  const sources = ['apps', 'libs'].flatMap((top) =>
    readdirSync(join(ROOT, top)).flatMap((name) => sourceFiles(join(top, name, 'src'))),
  );
  for (const file of sources) {
    for (const [, name, value] of read(file).matchAll(
      /const ([A-Z_]*(?:SECRET|KEY|PASSWORD)) = '([^']{8,})'/g,
    )) {
      found.push([`${file} ${name}`, value!]);
    }
  }
  return found;
}

describe('the list of published secrets', () => {
  it('holds every default or example secret the repository writes down', () => {
    const written = secretsWrittenInTheRepository();
    expect(written.length).toBeGreaterThanOrEqual(8);
    // A list of trusted keys (`producer:kid:key,…`) is covered when every key in it is listed.
    const listed = (value: string) =>
      PUBLISHED_SECRETS.includes(value) ||
      (value.includes(',') &&
        value.split(',').every((entry) => PUBLISHED_SECRETS.includes(entry.split(':').pop()!)));
    for (const [where, value] of written) expect([where, listed(value)]).toEqual([where, true]);
  });

  it('names the variable, never the value, for a secret or a URL password', () => {
    const problems = publishedSecretProblems({
      AUTH_KEY_ENCRYPTION_SECRET: 'orion-development-key-encryption-secret-change-me',
      REDIS_URL: 'redis://:orion-redis-dev-password@redis:6379',
      USER_DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:5432/orion_user',
      SMTP_PASSWORD: 'a-real-one',
      JWT_ISSUER: 'orion-auth',
    });
    expect(problems).toEqual([
      'AUTH_KEY_ENCRYPTION_SECRET: is a secret published in the Orion repository; set one of your own',
      'REDIS_URL: its password is published in the Orion repository; set one of your own',
      'USER_DATABASE_URL: its password is published in the Orion repository; set one of your own',
    ]);
    expect(problems.join('\n')).not.toContain('orion-redis-dev-password');
  });

  it('is applied by every service configuration in production only', () => {
    const env = {
      USER_DATABASE_URL: 'postgresql://orion@db:5432/orion_user',
      REDIS_URL: 'redis://:orion-redis-dev-password@redis:6379',
      AUTH_JWKS_URL: 'https://auth.example/.well-known/jwks.json',
    };
    expect(loadServiceConfig('user', env).environment).toBe('development');
    expect(() => loadServiceConfig('user', { ...env, NODE_ENV: 'production' })).toThrow(
      /REDIS_URL: its password is published/,
    );
  });
});
