import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  Clock,
  createHttpAdapter,
  HTTP_PIPELINE_PROVIDERS,
  REDIS_CLIENT,
  RedisNamespace,
  SecurityConfig,
} from '@orion/core';
import { SecurityModule, SecurityModuleOptions } from '@orion/security';
import { freshNamespace, TestJwksServer } from '@orion/testing';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The suite's namespace for the security module's keys (under each client's own prefix as well). */
export const TEST_NAMESPACE = new RedisNamespace(freshNamespace());

/** The suite's cache MAC key: what an attacker who only reaches Redis does not have. */
export const TEST_CACHE_MAC_KEY = Buffer.alloc(32, 9);

export function testSecurityConfig(jwksUrl: string): SecurityConfig {
  return {
    jwksUrl,
    maxTokenAgeS: 3600,
    issuer: 'orion-auth',
    audience: 'orion',
    algorithms: ['EdDSA', 'ES256', 'RS256'],
    clockToleranceS: 5,
    permissionCacheTtlS: 30,
    apiKeyCacheTtlS: 30,
    reauthenticationMaxAgeS: 300,
    cacheMacKey: TEST_CACHE_MAC_KEY,
    cacheNamespace: 'test',
  };
}

export interface TestRedis {
  /** Every key it touches carries a prefix unique to this client: tests never see each other's keys. */
  redis: Redis;
  prefix: string;
  /** Keys under the prefix, without it. */
  keys(): Promise<string[]>;
  /** Deletes this client's keys only (other suites share the server) and disconnects. */
  close(): Promise<void>;
}

export function createTestRedis(): TestRedis {
  const prefix = `test:security:${randomUUID()}:`;
  const redis = new Redis(REDIS_URL, { keyPrefix: prefix });
  // SCAN patterns are not prefixed by ioredis, so listing uses a plain client.
  const plain = new Redis(REDIS_URL);
  const keys = async () => {
    const found = await plain.keys(`${prefix}*`);
    return found.map((key) => key.slice(prefix.length));
  };
  return {
    redis,
    prefix,
    keys,
    async close() {
      const found = await plain.keys(`${prefix}*`);
      if (found.length > 0) await plain.del(...found);
      await Promise.all([redis.quit(), plain.quit()]);
    },
  };
}

@Global()
@Module({})
class TestRedisModule {
  static with(redis: Redis): DynamicModule {
    return {
      module: TestRedisModule,
      providers: [
        { provide: REDIS_CLIENT, useValue: redis },
        { provide: RedisNamespace, useValue: TEST_NAMESPACE },
        // The app's own clock, as CoreModule gives every service: tests move it with controlClock().
        Clock,
      ],
      exports: [REDIS_CLIENT, RedisNamespace, Clock],
    };
  }
}

/** A Fastify app with Orion's real error pipeline and the security module, for app.inject(). */
export async function createSecurityTestApp(
  redis: Redis,
  controllers: Type[],
  security: SecurityModuleOptions,
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [TestRedisModule.with(redis), SecurityModule.forRoot(security)],
    controllers,
    providers: HTTP_PIPELINE_PROVIDERS,
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export interface SecurityTestSuite {
  jwks: TestJwksServer;
  store: TestRedis;
  app: NestFastifyApplication;
}

/**
 * Registers the suite's hooks: before it, a JWKS server, a Redis client of its own and the app
 * around `controllers` (security configured for that JWKS); after it, all three stopped.
 * The fields are set once the suite has started.
 */
export function securityTestSuite(
  controllers: Type[],
  security: Omit<SecurityModuleOptions, 'config'> = {},
): SecurityTestSuite {
  const suite = {} as SecurityTestSuite;
  beforeAll(async () => {
    suite.jwks = await TestJwksServer.start();
    suite.store = createTestRedis();
    suite.app = await createSecurityTestApp(suite.store.redis, controllers, {
      config: testSecurityConfig(suite.jwks.url),
      ...security,
    });
  });
  afterAll(async () => {
    await suite.app.close();
    await suite.jwks.stop();
    await suite.store.close();
  });
  return suite;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const nowSeconds = () => Math.floor(Date.now() / 1000);
