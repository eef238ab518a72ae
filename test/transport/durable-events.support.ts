import { freshNamespace, LogCapture } from '@orion/testing';
import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CoreModule,
  createPgAdapter,
  createServiceApp,
  EventsModule,
  loadServiceConfig,
  PrismaServiceBase,
  RedisNamespace,
  SERVICE_CONFIG,
  ServiceConfig,
  ServiceName,
} from '@orion/core';
import { PrismaClient } from '@orion/prisma-notification';
import type { ServiceDatabase } from '../e2e/harness/databases';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The suite's namespace: its producers and consumer share it, and no other run reaches it. */
export const NAMESPACE = new RedisNamespace(freshNamespace());

/** Every test app uses the notification client: each migrated database has the event tables. */
@Injectable()
export class PrismaService extends PrismaServiceBase(PrismaClient) {
  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    super({ adapter: createPgAdapter(config.database) });
  }
}

/** A service app in this process with CoreModule and EventsModule, logging into a capture. */
export async function startApp(
  service: ServiceName,
  database: ServiceDatabase,
  env: NodeJS.ProcessEnv,
  providers: (new (...args: never[]) => unknown)[] = [],
): Promise<{ app: NestFastifyApplication; logs: LogCapture }> {
  const prefix = service.toUpperCase();
  const config = loadServiceConfig(service, {
    NODE_ENV: 'test',
    [`${prefix}_DATABASE_URL`]: database.url,
    REDIS_URL,
    REDIS_NAMESPACE: NAMESPACE.name,
    ...env,
  });
  const logs = new LogCapture();
  @Module({})
  class TestEventsModule {}
  const app = await createServiceApp(
    config,
    {
      module: TestEventsModule,
      imports: [
        CoreModule.forService({ config, prisma: PrismaService, logging: { destination: logs } }),
        EventsModule.forService({ prisma: PrismaService }),
      ],
      providers,
    },
    { openApi: false },
  );
  await app.init();
  // Nothing listens on HTTP here, and Nest releases buffered log lines only on listen.
  app.flushLogs();
  return { app, logs };
}
