import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  Clock,
  connectTransport,
  createServiceApp,
  developmentSigner,
  EnvelopeSerializer,
  EventPublisher,
  loadServiceConfig,
  OrionRedisClient,
  REDIS_CLIENT,
  RedisNamespace,
  redisTransportOptions,
  ServiceClient,
  ServiceConfig,
} from '@orion/core';
import { VERIFY_CREDENTIALS } from '@orion/contracts';
import { invalidateAllPermissions } from '@orion/security';
import {
  createMigratedDatabase,
  dropTestDatabase,
  freshNamespace,
  queryDatabase,
  seedServiceDatabase,
  TestJwksServer,
  waitForCommandChannel,
  waitUntilReady,
} from '@orion/testing';
import type { EventContract } from '@orion/contracts';
import type { LightMyRequestResponse } from 'fastify';
import type Redis from 'ioredis';
import { SAMPLE_ADMIN, SAMPLE_USER } from '../../../../prisma/sample-accounts';
import { UserModule } from '../../src/user.module';
import { TransactionRunner } from '../../src/database/transaction.runner';

export interface CallOptions {
  /** A user id to act as (a token is signed for it), or a ready header set. */
  as?: string;
  headers?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
}

/**
 * The user service in-process against a migrated and seeded database of its own, the real
 * Redis, and a JWKS server standing in for the auth service's keys.
 */
export class UserServiceUnderTest {
  static readonly admin = SAMPLE_ADMIN;
  static readonly user = SAMPLE_USER;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: ServiceConfig,
    readonly jwks: TestJwksServer,
    private readonly database: { name: string; url: string },
  ) {}

  private readonly clients: OrionRedisClient[] = [];

  /**
   * With `transport`, the service also answers commands on the real Redis transport, subscribed
   * before this returns. REDIS_NAMESPACE is a fresh one unless `env` names one (to share it).
   */
  static async start(
    env: NodeJS.ProcessEnv = {},
    options: { transport?: boolean } = {},
  ): Promise<UserServiceUnderTest> {
    const database = await createMigratedDatabase('user', 'orion_it');
    seedServiceDatabase('user', database.url);
    const jwks = await TestJwksServer.start();
    const config = loadServiceConfig('user', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      USER_DATABASE_URL: database.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_NAMESPACE: freshNamespace(),
      AUTH_JWKS_URL: jwks.url,
      // Tests read outbox rows after the fact; the purge is tested with an explicit `now`.
      OUTBOX_PURGE_INTERVAL_S: '0',
      ...env,
    });
    const app = await createServiceApp(config, UserModule.forRoot(config), { openApi: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    if (options.transport) await connectTransport(app, config);
    const service = new UserServiceUnderTest(app, config, jwks, database);
    await waitUntilReady('user', () => service.call('GET', '/health/ready'));
    if (options.transport) await waitForCommandChannel(app, VERIFY_CREDENTIALS);
    // Redis outlives test databases: decisions cached by an earlier run must not answer for this one.
    await invalidateAllPermissions(app.get<Redis>(REDIS_CLIENT), app.get(RedisNamespace));
    return service;
  }

  /** Where the service's keys, streams and channels are (REDIS_NAMESPACE). */
  get namespace(): RedisNamespace {
    return this.app.get(RedisNamespace);
  }

  get databaseUrl(): string {
    return this.database.url;
  }

  /** Publishes an event through this service's own outbox, as one of its rules would; returns its id. */
  publish<T>(contract: EventContract<T>, payload: T): Promise<string> {
    const publisher = this.app.get(EventPublisher);
    return this.app.get(TransactionRunner).run((tx) => publisher.publish(tx, contract, payload));
  }

  /**
   * An access token for the user, signed by the stand-in auth keys, as a sign-in a moment ago
   * would have it (`auth_time` now by the service's clock, so a test that moved the clock still
   * signs in "just now"; `amr` pwd). `authenticatedSecondsAgo` makes it an older one.
   */
  token(
    userId: string,
    options: { authenticatedSecondsAgo?: number; sessionId?: string } = {},
  ): Promise<string> {
    const now = this.app.get(Clock).now().getTime();
    const authTime = Math.floor(now / 1000) - (options.authenticatedSecondsAgo ?? 0);
    return this.jwks.sign({
      userId,
      ...(options.sessionId && { sessionId: options.sessionId }),
      claims: { auth_time: authTime, amr: ['pwd'] },
    });
  }

  async call(method: string, url: string, options: CallOptions = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    return this.app.inject({
      method: method as 'GET',
      url,
      headers,
      query: options.query,
      payload: options.body as object | undefined,
    });
  }

  /** A client of this service over the real transport, as another service would hold it. */
  async client(from: ServiceConfig['service'] = 'auth'): Promise<ServiceClient> {
    const proxy = new OrionRedisClient(
      {
        ...redisTransportOptions(this.config.redis),
        serializer: new EnvelopeSerializer(developmentSigner(from)),
      },
      this.namespace,
    );
    await proxy.connect();
    this.clients.push(proxy);
    return new ServiceClient('user', proxy, { from, timeoutMs: 3000, retries: 0 });
  }

  /**
   * Marks an account's address verified straight in the database, as a test's shortcut for the
   * owner's link (which the tests of verification itself use). Nothing is removed or announced.
   */
  async markEmailVerified(email: string): Promise<void> {
    const updated = await this.query<{ id: string }>(
      `UPDATE users SET email_verified_at = now(),
              status = CASE WHEN status = 'PENDING_VERIFICATION' THEN 'ACTIVE'::"UserStatus" ELSE status END
        WHERE email_normalized = lower($1) RETURNING id`,
      [email.trim()],
    );
    if (updated.length !== 1) throw new Error(`no account with the address ${email}`);
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(this.database.url, sql, params);
  }

  private stopped = false;

  /** Stops the service; a second call does nothing (a test may stop it before the auth service). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const client of this.clients) await client.close();
    await this.app.close();
    await this.jwks.stop();
    await dropTestDatabase(this.database.name);
  }
}
