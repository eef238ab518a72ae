import type { RedisOptions as NestRedisOptions } from '@nestjs/microservices';
import type { RedisConnectionConfig } from '../config/service-config';
import { redisTlsOptions } from '../redis/redis.module';

export type RedisTransportOptions = NonNullable<NestRedisOptions['options']>;

/**
 * Connection options of the transport, from REDIS_URL: host, port, database, ACL user and
 * password from the URL; `rediss://` turns TLS on, verified against REDIS_TLS_CA_FILE when set.
 * Reconnects forever: a service outlives a Redis restart without being restarted itself.
 */
export function redisTransportOptions(redis: RedisConnectionConfig): RedisTransportOptions {
  const url = new URL(redis.url);
  const database = url.pathname.replace('/', '');
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: database ? Number(database) : undefined,
    tls: redisTlsOptions(redis),
    connectTimeout: redis.connectTimeoutMs,
    retryAttempts: Number.MAX_SAFE_INTEGER,
    retryDelay: 1000,
  };
}
