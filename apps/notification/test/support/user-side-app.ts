import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp, loadServiceConfig, ServiceConfig } from '@orion/core';
import { createTestDatabase, dropTestDatabase, queryDatabase, TestJwksServer } from '@orion/testing';
import type { LightMyRequestResponse } from 'fastify';
import { deploy } from '../../../../scripts/db/migrator';
import { NotificationModule } from '../../src/notification.module';

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The notification service in-process on a migrated database of its own and the real Redis,
 * listening on a loopback port (the inbox stream is read over real HTTP). Tokens are verified
 * against `jwks`, which may be shared with a user service under test.
 */
export class NotificationAppUnderTest {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: ServiceConfig,
    readonly jwks: TestJwksServer,
    readonly url: string,
    private readonly database: { name: string; url: string },
    private readonly owns: { jwks: boolean; database: boolean },
  ) {}

  /** With `sharing`, a second instance on the first one's database (a replica). */
  static async start(
    options: { jwks?: TestJwksServer; env?: NodeJS.ProcessEnv; sharing?: NotificationAppUnderTest } = {},
  ) {
    const database = options.sharing?.database ?? (await createTestDatabase('orion_notification_it'));
    if (!options.sharing) {
      await deploy({
        databaseUrl: database.url,
        migrationsDir: join(ROOT, 'prisma/notification/migrations'),
      });
    }
    const jwks = options.jwks ?? options.sharing?.jwks ?? (await TestJwksServer.start());
    const config = loadServiceConfig('notification', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      NOTIFICATION_DATABASE_URL: database.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      AUTH_JWKS_URL: jwks.url,
      ...options.env,
    });
    const app = await createServiceApp(config, NotificationModule.forRoot(config), { openApi: false });
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    return new NotificationAppUnderTest(app, config, jwks, `http://127.0.0.1:${address.port}`, database, {
      jwks: !options.jwks && !options.sharing,
      database: !options.sharing,
    });
  }

  token(userId: string): Promise<string> {
    return this.jwks.sign({ userId });
  }

  async call(
    method: string,
    url: string,
    options: { as?: string; query?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (options.as) headers.authorization = `Bearer ${await this.token(options.as)}`;
    return this.app.inject({ method: method as 'GET', url, headers, query: options.query });
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(this.database.url, sql, params);
  }

  async stop(): Promise<void> {
    await this.app.close();
    if (this.owns.jwks) await this.jwks.stop();
    if (this.owns.database) await dropTestDatabase(this.database.name);
  }
}
