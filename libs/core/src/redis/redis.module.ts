import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { RedisConnectionConfig, SERVICE_CONFIG, ServiceConfig } from '../config/service-config';
import { RedisNamespace } from './redis-namespace';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** TLS for a `rediss://` URL, verified against REDIS_TLS_CA_FILE when it is set. */
export function redisTlsOptions(redis: RedisConnectionConfig): ConnectionOptions | undefined {
  const url = new URL(redis.url);
  if (url.protocol !== 'rediss:') return undefined;
  return { servername: url.hostname, ca: redis.tlsCaFile ? readFileSync(redis.tlsCaFile) : undefined };
}

/**
 * Creates a client that fails fast: commands are not queued while Redis is unreachable.
 * `overrides` adjust it for special uses (a blocking stream reader), `context` names it in logs.
 */
export function createRedisClient(
  redis: RedisConnectionConfig,
  name: string,
  overrides: RedisOptions = {},
  context = 'Redis',
): Redis {
  const logger = new Logger(context);
  const client = new Redis(redis.url, {
    connectionName: name,
    connectTimeout: redis.connectTimeoutMs,
    commandTimeout: redis.connectTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    tls: redisTlsOptions(redis),
    ...overrides,
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
    {
      provide: RedisNamespace,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => new RedisNamespace(config.redis.namespace),
    },
  ],
  exports: [REDIS_CLIENT, RedisNamespace],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
  }
}
