import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { SERVICE_CONFIG, ServiceConfig } from '../config/service-config';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Creates a client that fails fast: commands are not queued while Redis is unreachable. */
export function createRedisClient(redis: ServiceConfig['redis'], name: string): Redis {
  const logger = new Logger('Redis');
  const client = new Redis(redis.url, {
    connectionName: name,
    connectTimeout: redis.connectTimeoutMs,
    commandTimeout: redis.connectTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  // Without a listener ioredis reports each failed reconnect as an unhandled error event.
  client.on('error', (error: Error) => logger.warn(`Redis connection problem: ${error.message}`));
  return client;
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => createRedisClient(config.redis, `orion-${config.service}`),
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}
