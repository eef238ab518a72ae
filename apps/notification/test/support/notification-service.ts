import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createServiceApp,
  loadServiceConfig,
  REDIS_CLIENT,
  RedisNamespace,
  ServiceConfig,
} from '@orion/core';
import {
  createMigratedDatabase,
  dropTestDatabase,
  eventually,
  freePort,
  freshNamespace,
  LOOPBACK_SINKS_ENV,
  queryDatabase,
  seedServiceDatabase,
  waitUntilReady,
} from '@orion/testing';
import type { LightMyRequestResponse } from 'fastify';
import type Redis from 'ioredis';
import { UserServiceUnderTest } from '../../../user/test/support/user-service';
import { TransactionRunner } from '../../src/database/transaction.runner';
import { NotificationModule } from '../../src/notification.module';
import { NotificationsRepository } from '../../src/notifications/notifications.repository';
import type { NewNotification, NotificationRecord } from '../../src/notifications/notifications.types';

export interface CallOptions {
  /** A user id to act as: a token is signed for it by the stand-in auth keys. */
  as?: string;
  /** Sent as X-API-Key (a service calling). */
  apiKey?: string;
  headers?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
}

export interface StartOptions {
  /** Seed the database (templates and preferences of the sample accounts). Default false. */
  seed?: boolean;
  /** An already running user service to use instead of starting one (several apps sharing it). */
  users?: UserServiceUnderTest;
}

/**
 * The notification service in-process on a migrated database of its own, listening on a free
 * loopback port, with the real Redis (under a namespace of its own, shared with its user
 * service, so no other run's events, commands or queued jobs reach it) and the user
 * service in-process behind the Redis transport (contacts, permissions, API keys; its stand-in
 * auth keys sign the tokens this service verifies).
 *
 * Feature settings read from the environment at boot (DELIVERY_*, channel and inbox settings)
 * are taken from `env`, applied to process.env only while the app is built.
 */
export class NotificationServiceUnderTest {
  static readonly admin = UserServiceUnderTest.admin;
  static readonly user = UserServiceUnderTest.user;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: ServiceConfig,
    readonly users: UserServiceUnderTest,
    readonly baseUrl: string,
    /** Everything the service was started with: give it to a child process to run the same service. */
    readonly environment: Record<string, string>,
    private readonly database: { name: string; url: string },
    private readonly ownsUsers: boolean,
  ) {}

  static async start(
    env: Record<string, string> = {},
    options: StartOptions = {},
  ): Promise<NotificationServiceUnderTest> {
    const namespace = options.users?.namespace.name ?? env.REDIS_NAMESPACE ?? freshNamespace();
    const users =
      options.users ??
      (await UserServiceUnderTest.start({ REDIS_NAMESPACE: namespace }, { transport: true }));
    const database = await createMigratedDatabase('notification', 'orion_it');
    if (options.seed) seedServiceDatabase('notification', database.url);
    const port = await freePort();
    const environment: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      NOTIFICATION_DATABASE_URL: database.url,
      NOTIFICATION_PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      AUTH_JWKS_URL: users.jwks.url,
      SERVICE_CALL_RETRIES: '0',
      // Tests read outbox rows after the fact; the purge is tested with an explicit `now`.
      OUTBOX_PURGE_INTERVAL_S: '0',
      // Keys, streams and queues of this run only: an earlier or parallel run never reaches these workers.
      REDIS_NAMESPACE: namespace,
      DELIVERY_BACKOFF_BASE_MS: '20',
      DELIVERY_BACKOFF_MAX_MS: '200',
      DELIVERY_LOCK_DURATION_MS: '2000',
      DELIVERY_STALLED_INTERVAL_MS: '1000',
      // The sinks listen on loopback: allowed here explicitly (NO_OUTBOUND_ALLOWANCE_ENV undoes it).
      ...LOOPBACK_SINKS_ENV,
      ...env,
    };
    const config = loadServiceConfig('notification', environment);
    const app = await withEnvironment(environment, async () => {
      const created = await createServiceApp(config, NotificationModule.forRoot(config), { openApi: false });
      await created.init();
      return created;
    });
    await app.listen(port, '127.0.0.1');
    const service = new NotificationServiceUnderTest(
      app,
      config,
      users,
      `http://127.0.0.1:${port}`,
      environment,
      database,
      !options.users,
    );
    await waitUntilReady('notification', () => service.call('GET', '/health/ready'));
    return service;
  }

  get databaseUrl(): string {
    return this.database.url;
  }

  get redis(): Redis {
    return this.app.get<Redis>(REDIS_CLIENT);
  }

  /** Where this run's keys, streams and channels are (REDIS_NAMESPACE). */
  get namespace(): RedisNamespace {
    return this.app.get(RedisNamespace);
  }

  /** An access token for the user, accepted by this service. */
  token(userId: string): Promise<string> {
    return this.users.token(userId);
  }

  /** Creates an API key owned by the sample administrator (who holds every permission) with these scopes. */
  async apiKey(
    scopes: string[],
    name = `test-${randomBytes(3).toString('hex')}`,
  ): Promise<{ id: string; key: string }> {
    const response = await this.users.call('POST', '/api/v1/users/me/api-keys', {
      as: NotificationServiceUnderTest.admin.id,
      body: { name, scopes },
    });
    if (response.statusCode !== 201)
      throw new Error(`API key creation answered ${response.statusCode}: ${response.body}`);
    const issued = response.json<{ id: string; key: string }>();
    return { id: issued.id, key: issued.key };
  }

  async call(method: string, url: string, options: CallOptions = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    return this.app.inject({
      method: method as 'GET',
      url,
      headers,
      query: options.query,
      payload: options.body as object | undefined,
    });
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(this.database.url, sql, params);
  }

  /** Writes notifications as the send use case stores them, without queueing a job for them. */
  storeNotifications(items: NewNotification[]): Promise<NotificationRecord[]> {
    const notifications = this.app.get(NotificationsRepository);
    return this.app.get(TransactionRunner).run((tx) => notifications.createAll(items, tx));
  }

  /** Polls the database until the notification reaches one of `statuses`; returns its row. */
  async waitForStatus(id: string, statuses: string[], timeoutMs = 15_000): Promise<Record<string, unknown>> {
    let status: unknown;
    return eventually(
      async () => {
        const [row] = await this.query('SELECT * FROM notifications WHERE id = $1', [id]);
        status = row?.status;
        return row && statuses.includes(row.status as string) ? row : undefined;
      },
      `notification ${id} to be ${statuses.join('/')}`,
      { timeoutMs },
    ).catch(() => {
      throw new Error(
        `notification ${id} is ${String(status)}, not ${statuses.join('/')} after ${timeoutMs} ms`,
      );
    });
  }

  async stop(): Promise<void> {
    await this.app.close();
    await dropTestDatabase(this.database.name);
    if (this.ownsUsers) await this.users.stop();
  }
}

/** Runs `build` with `env` laid over process.env, then puts process.env back. */
async function withEnvironment<T>(env: Record<string, string>, build: () => Promise<T>): Promise<T> {
  const saved = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await build();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
