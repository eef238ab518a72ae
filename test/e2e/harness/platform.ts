import { randomBytes } from 'node:crypto';
import { VERIFY_CREDENTIALS } from '@orion/contracts';
import { RedisNamespace } from '@orion/core';
import {
  dropTestDatabase,
  freePort,
  HttpSink,
  LOOPBACK_SINKS_ENV,
  SmtpSink,
  waitForSubscribers,
} from '@orion/testing';
import Redis from 'ioredis';
import {
  createMigratedDatabase,
  PlatformService,
  seedDatabase,
  SERVICES,
  ServiceDatabase,
} from './databases';
import { assertBuilt, ServiceHandle } from './service-handle';

export interface PlatformOptions {
  /** Seed every database (true) or the listed ones after migrating; none by default. */
  seed?: boolean | PlatformService[];
  /** Extra variables for every service; they win over the harness's own. */
  env?: NodeJS.ProcessEnv;
  /** Extra variables for one service; they win over `env`. */
  serviceEnv?: Partial<Record<PlatformService, NodeJS.ProcessEnv>>;
  /** TEST_REDIS_URL or the local server by default. */
  redisUrl?: string;
  /** LOG_LEVEL of the services; info by default, so request logs are captured. */
  logLevel?: string;
  /** Start of the database names; orion_e2e by default. */
  databasePrefix?: string;
  readyTimeoutMs?: number;
  /** How long a service may take to stop after SIGTERM before it is killed. */
  stopTimeoutMs?: number;
}

export interface Platform {
  auth: ServiceHandle;
  user: ServiceHandle;
  notification: ServiceHandle;
  services: ServiceHandle[];
  /** Where the notification service sends e-mail. */
  smtp: SmtpSink;
  /** A stand-in for webhook receivers and chat or SMS APIs. */
  http: HttpSink;
  redisUrl: string;
  /** REDIS_NAMESPACE of the three services: one per platform, so no other suite's events reach it. */
  namespace: string;
  /** Stops every process (killing any that hang), both sinks, and drops the databases. */
  stop(): Promise<void>;
}

async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function shouldSeed(service: PlatformService, seed: PlatformOptions['seed']): boolean {
  return seed === true || (Array.isArray(seed) && seed.includes(service));
}

/** Runs every step even when some fail, then reports all failures together. */
async function settleAll(steps: Promise<unknown>[], what: string): Promise<void> {
  const reasons = (await Promise.allSettled(steps)).flatMap((r) =>
    r.status === 'rejected' ? [r.reason] : [],
  );
  if (reasons.length > 0) {
    const details = reasons.map((reason) => `- ${(reason as Error)?.message ?? String(reason)}`);
    throw new AggregateError(reasons, `${what} failed:\n${details.join('\n')}`);
  }
}

/** Ready answers before the user service's transport has subscribed; commands sent earlier are lost. */
async function transportSubscribed(redisUrl: string, namespace: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    await waitForSubscribers(redis, new RedisNamespace(namespace).commandChannel(VERIFY_CREDENTIALS.pattern));
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts the three built services as real processes, each on a free port with a fresh
 * database migrated by the project's migrator, sharing one Redis, with an SMTP sink and an
 * HTTP sink beside them. Resolves when every service answers /health/ready and the user service's
 * transport has subscribed.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  assertBuilt(SERVICES);
  const redisUrl = options.redisUrl ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = options.databasePrefix ?? 'orion_e2e';
  const namespace = options.env?.REDIS_NAMESPACE ?? `e2e-${randomBytes(4).toString('hex')}`;
  const databases: ServiceDatabase[] = [];
  const handles: ServiceHandle[] = [];
  let smtp: SmtpSink | undefined;
  let http: HttpSink | undefined;

  const teardown = async () => {
    await settleAll(
      [
        ...handles.map((handle) => handle.stop()),
        ...(smtp ? [smtp.stop()] : []),
        ...(http ? [http.stop()] : []),
      ],
      'stopping the platform',
    ).finally(() =>
      settleAll(
        databases.map((d) => dropTestDatabase(d.name)),
        'dropping the databases',
      ),
    );
  };

  try {
    [smtp, http] = await Promise.all([SmtpSink.start(), HttpSink.start()]);
    const created = await Promise.allSettled(SERVICES.map((s) => createMigratedDatabase(s, prefix)));
    for (const result of created) if (result.status === 'fulfilled') databases.push(result.value);
    const failed = created.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    for (const [index, service] of SERVICES.entries()) {
      if (shouldSeed(service, options.seed)) await seedDatabase(service, databases[index]!);
    }

    const ports = await distinctPorts(SERVICES.length);
    const authPort = ports[SERVICES.indexOf('auth')]!;
    for (const [index, service] of SERVICES.entries()) {
      const variable = service.toUpperCase();
      handles.push(
        new ServiceHandle({
          service,
          port: ports[index]!,
          database: databases[index]!,
          readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
          stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
          env: {
            NODE_ENV: 'test',
            LOG_LEVEL: options.logLevel ?? 'info',
            HOST: '127.0.0.1',
            [`${variable}_PORT`]: String(ports[index]),
            [`${variable}_DATABASE_URL`]: databases[index]!.url,
            REDIS_URL: redisUrl,
            REDIS_NAMESPACE: namespace,
            AUTH_JWKS_URL: `http://127.0.0.1:${authPort}/.well-known/jwks.json`,
            // The notification service mails through the sink; the others ignore these.
            SMTP_HOST: smtp.host,
            SMTP_PORT: String(smtp.port),
            // Webhooks, Slack and Discord go to the HTTP sink on loopback, allowed explicitly.
            ...LOOPBACK_SINKS_ENV,
            ...options.env,
            ...options.serviceEnv?.[service],
          },
        }),
      );
    }
    await settleAll(
      handles.map((handle) => handle.start()),
      'starting the platform',
    );
    await transportSubscribed(redisUrl, namespace);
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }

  const [auth, user, notification] = handles as [ServiceHandle, ServiceHandle, ServiceHandle];
  let stopped: Promise<void> | undefined;
  return {
    auth,
    user,
    notification,
    services: handles,
    smtp,
    http,
    redisUrl,
    namespace,
    stop: () => (stopped ??= teardown()),
  };
}
