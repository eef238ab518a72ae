import type { INestApplication } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { Logger as PinoInstance } from 'pino';
import type { ServiceConfig } from '../config/service-config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { OrionRedisServer } from './orion-redis.server';
import { redisTransportOptions } from './redis-transport.options';

/**
 * Starts receiving messages on the Redis transport. Call it after the HTTP server listens.
 * Handlers get the app's global pipes and filters, so payloads are validated like HTTP bodies
 * and errors leave as problem documents.
 */
export async function connectTransport(app: INestApplication, config: ServiceConfig): Promise<void> {
  const rootLogger = app.get<PinoInstance>(ROOT_LOGGER);
  app.connectMicroservice<MicroserviceOptions>(
    { strategy: new OrionRedisServer(redisTransportOptions(config.redis), rootLogger) },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
}
