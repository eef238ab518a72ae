import type Redis from 'ioredis';
import type { RedisConnectionConfig } from '../config/service-config';
import { createRedisClient } from '../redis/redis.module';

/**
 * A connection of its own for a consumer: XREADGROUP BLOCK holds it, and the shared client's
 * command timeout would cut every blocking read short.
 */
export function createStreamReaderClient(redis: RedisConnectionConfig, name: string): Redis {
  return createRedisClient(
    redis,
    name,
    {
      commandTimeout: undefined,
      // Blocking reads get BLOCK plus a grace period; other commands fail on a dead socket.
      blockingTimeout: redis.connectTimeoutMs,
      lazyConnect: true,
    },
    'EventConsumer',
  );
}
