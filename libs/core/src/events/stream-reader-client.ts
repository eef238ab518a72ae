import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { ServiceConfig } from '../config/service-config';

/**
 * A connection of its own for a consumer: XREADGROUP BLOCK holds it, and the shared client's
 * command timeout would cut every blocking read short.
 */
export function createStreamReaderClient(redis: ServiceConfig['redis'], name: string): Redis {
  const logger = new Logger('EventConsumer');
  const client = new Redis(redis.url, {
    connectionName: name,
    connectTimeout: redis.connectTimeoutMs,
    // Blocking reads get BLOCK plus a grace period; other commands fail on a dead socket.
    blockingTimeout: redis.connectTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  client.on('error', (error: Error) => logger.warn(`Redis connection problem: ${error.message}`));
  return client;
}
