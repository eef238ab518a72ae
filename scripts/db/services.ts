import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SERVICES = ['auth', 'user', 'notification'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface ServicePaths {
  name: ServiceName;
  /** Environment variable holding this service's database URL. */
  envVar: string;
  dir: string;
  schema: string;
  config: string;
  migrations: string;
  seed: string;
}

export function isServiceName(value: string): value is ServiceName {
  return (SERVICES as readonly string[]).includes(value);
}

export function servicePaths(name: ServiceName, root = REPO_ROOT): ServicePaths {
  const dir = join(root, 'prisma', name);
  return {
    name,
    envVar: `${name.toUpperCase()}_DATABASE_URL`,
    dir,
    schema: join(dir, 'schema.prisma'),
    config: join(dir, 'prisma.config.ts'),
    migrations: join(dir, 'migrations'),
    seed: join(dir, 'seed.ts'),
  };
}

/**
 * Loads the repository's .env into process.env without overriding what is already set.
 * ORION_ENV_FILE points elsewhere; an empty value turns loading off (tests use that).
 */
export function loadEnvFile(root = REPO_ROOT): void {
  const override = process.env.ORION_ENV_FILE;
  const file = override === undefined ? join(root, '.env') : override;
  if (file !== '' && existsSync(file)) process.loadEnvFile(file);
}

export class MissingEnvError extends Error {
  constructor(
    readonly variable: string,
    purpose: string,
  ) {
    super(
      `${variable} is not set: it must hold the PostgreSQL URL of the ${purpose} database (set it in the environment or in .env)`,
    );
  }
}

export function databaseUrlOf(service: ServicePaths): string {
  const url = process.env[service.envVar];
  if (!url || url.trim() === '') throw new MissingEnvError(service.envVar, service.name);
  return url.trim();
}
