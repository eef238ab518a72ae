import type { INestApplicationContext } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type { Redis } from 'ioredis';
import { eventually, EventuallyOptions, waitForSubscribers } from './waiting';

/**
 * Waits until an in-process app's Redis transport has subscribed to the command channel of
 * `command` in the app's namespace: commands published before that are dropped unanswered.
 * A server subscribes to all its channels in one batch, so one served pattern stands for all.
 */
export async function waitForCommandChannel(
  app: INestApplicationContext,
  command: { pattern: string },
  options: EventuallyOptions & { count?: number } = {},
): Promise<void> {
  const redis = app.get<Redis>(REDIS_CLIENT);
  // The app's client queues nothing while it connects (enableOfflineQueue: false).
  await eventually(() => redis.status === 'ready', "the app's Redis connection", options);
  await waitForSubscribers(redis, app.get(RedisNamespace).commandChannel(command.pattern), options);
}
