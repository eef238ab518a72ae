import {
  createRedisClient,
  DEFAULT_REDIS_NAMESPACE,
  EnvelopeSerializer,
  OrionRedisClient,
  RedisNamespace,
  redisTransportOptions,
  ServiceClient,
} from '@orion/core';
import { PermissionCache, RpcPermissionChecker } from '@orion/security';
import type { ResolvedSecurityOptions } from '@orion/security/security.options';
import { measureRedisGet } from '../baselines/redis-get.baseline';
import { runClosedLoop } from '../lib/closed-loop';
import { compare, Scenario } from '../lib/scenario';

/**
 * What PermissionGuard does for each request in another service: PermissionCache.check(),
 * which asks the user service over the transport (RpcPermissionChecker) only on a miss. Built
 * here with the same classes and settings a service wires, and called in a loop.
 */
export const permissionCheck: Scenario = {
  name: 'permission-check',
  title: 'Permission check from another service (cached)',
  target: 'p99 within 5× a raw Redis GET',
  async run({ bench }) {
    const { connections, warmupS, durationS } = bench.options;
    const redisConfig = { url: bench.redis.url, connectTimeoutMs: 5000 };
    const redis = createRedisClient(redisConfig, 'orion-bench-permissions');
    // The bench platform's services keep the default namespace.
    const namespace = new RedisNamespace(DEFAULT_REDIS_NAMESPACE);
    const proxy = new OrionRedisClient(
      {
        ...redisTransportOptions(redisConfig),
        serializer: new EnvelopeSerializer(bench.keys.signer('notification')),
      },
      namespace,
    );
    try {
      await proxy.connect();
      const users = new ServiceClient('user', proxy, { from: 'notification', timeoutMs: 3000, retries: 2 });
      const options = {
        permissionCacheTtlS: 30,
        cacheMacKey: bench.keys.macKey,
        cacheNamespace: 'notification',
      } as ResolvedSecurityOptions;
      const cache = new PermissionCache(redis, namespace, options, new RpcPermissionChecker(users));
      const query = {
        userId: bench.users.supportUserId,
        permission: 'users:read',
        scope: 'GLOBAL' as const,
      };
      // The first answer comes from the user service and fills the cache.
      const first = await cache.check(query);
      if (!first.allowed) throw new Error(`the support account was refused users:read: ${first.reason}`);
      const orion = await runClosedLoop(
        {
          label: 'PermissionCache.check, cached (one MGET; the user service on a miss)',
          concurrency: connections,
          operation: async () => {
            if (!(await cache.check(query)).allowed) throw new Error('refused');
          },
        },
        warmupS,
        durationS,
      );
      const raw = await measureRedisGet(redis, connections, warmupS, durationS);
      return compare(this, orion, raw, { maxP99Ratio: 5 }, [
        'Both loops run in the benchmark process with the same Redis client settings and concurrency.',
      ]);
    } finally {
      await proxy.close();
      await redis.quit();
    }
  },
};
