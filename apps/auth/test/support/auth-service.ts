import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  createServiceApp,
  loadServiceConfig,
  REDIS_CLIENT,
  RedisNamespace,
  ServiceConfig,
} from '@orion/core';
import {
  createMigratedDatabase,
  dropTestDatabase,
  freePort,
  freshNamespace,
  LogCapture,
  queryDatabase,
  seedServiceDatabase,
  waitUntilReady,
} from '@orion/testing';
import type { LightMyRequestResponse } from 'fastify';
import type Redis from 'ioredis';
import { UserServiceUnderTest } from '../../../user/test/support/user-service';
import { AuthModule } from '../../src/auth.module';
import { AuthConfig, loadAuthConfig } from '../../src/config/auth.config';

export interface CallOptions {
  headers?: Record<string, string>;
  body?: unknown;
  /** An access token sent as `Authorization: Bearer`. */
  bearer?: string;
}

/**
 * The auth service in-process on a migrated and seeded database of its own, listening on a free
 * loopback port (its own guard fetches the JWKS over HTTP like every other service's), with the
 * user service in-process behind the real Redis transport.
 */
export class AuthServiceUnderTest {
  static readonly sampleUserEmail = UserServiceUnderTest.user.email;
  static readonly sampleAdminId = UserServiceUnderTest.admin.id;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: ServiceConfig,
    readonly authConfig: AuthConfig,
    readonly users: UserServiceUnderTest,
    private readonly database: { name: string; url: string },
  ) {}

  /**
   * `env` overrides the service's variables. Rate limits are relaxed to a high ceiling unless
   * `strictRateLimits` keeps the seeded rules (counters live in Redis and outlast a test run).
   * `logs` receives every log line (set LOG_LEVEL in `env` to see request lines).
   */
  static async start(
    env: NodeJS.ProcessEnv = {},
    options: { strictRateLimits?: boolean; logs?: LogCapture; userEnv?: NodeJS.ProcessEnv } = {},
  ): Promise<AuthServiceUnderTest> {
    // One namespace for both services, of this start only unless the test names one.
    const namespace = env.REDIS_NAMESPACE ?? options.userEnv?.REDIS_NAMESPACE ?? freshNamespace();
    const users = await UserServiceUnderTest.start(
      { REDIS_NAMESPACE: namespace, ...options.userEnv },
      { transport: true },
    );
    const database = await createMigratedDatabase('auth', 'orion_it');
    seedServiceDatabase('auth', database.url);
    if (!options.strictRateLimits) {
      await queryDatabase(
        database.url,
        'UPDATE rate_limits SET "limit" = 100000, block_duration_seconds = 0',
      );
    }
    const port = await freePort();
    const environment = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      AUTH_DATABASE_URL: database.url,
      AUTH_PORT: String(port),
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_NAMESPACE: namespace,
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      SIGNING_KEY_PUBLISH_AHEAD_S: '0',
      SERVICE_CALL_RETRIES: '0',
      // Tests read outbox rows after the fact; the purge is tested with an explicit `now`.
      OUTBOX_PURGE_INTERVAL_S: '0',
      // Requests carry X-Forwarded-For to play clients at other addresses.
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_RULES_REFRESH_S: '0',
      SIGN_IN_DELAY_BASE_MS: '1',
      SIGN_IN_DELAY_MAX_MS: '5',
      GEOIP_ENABLED: 'false',
      // Daily SMS counters live in Redis and outlast a run, like rate limits: high unless a test sets them.
      SMS_DAILY_CAP_PER_NUMBER: '1000000',
      SMS_DAILY_CAP_PER_ACCOUNT: '1000000',
      SMS_DAILY_CAP_PER_COUNTRY: '1000000',
      SMS_DAILY_CAP_TOTAL: '1000000',
      ...env,
    };
    const config = loadServiceConfig('auth', environment);
    const authConfig = loadAuthConfig(environment);
    // No cooldown: a token signed by a key created a moment ago must be checkable at once.
    const module = AuthModule.forRoot(config, authConfig, {
      jwks: { cooldownMs: 0 },
      ...(options.logs && { logging: { destination: options.logs } }),
    });
    const app = await createServiceApp(config, module, { openApi: false });
    await app.listen(port, '127.0.0.1');
    const service = new AuthServiceUnderTest(app, config, authConfig, users, database);
    await waitUntilReady('auth', () => service.call('GET', '/health/ready'));
    return service;
  }

  /**
   * Stops the service and starts it again on the same database, port and user service, as a
   * restarted process would: whatever it keeps only in memory is gone.
   */
  async restart(): Promise<AuthServiceUnderTest> {
    await this.app.close();
    const module = AuthModule.forRoot(this.config, this.authConfig, { jwks: { cooldownMs: 0 } });
    const app = await createServiceApp(this.config, module, { openApi: false });
    await app.listen(this.config.http.port, '127.0.0.1');
    const service = new AuthServiceUnderTest(app, this.config, this.authConfig, this.users, this.database);
    await waitUntilReady('auth', () => service.call('GET', '/health/ready'));
    return service;
  }

  get redis(): Redis {
    return this.app.get<Redis>(REDIS_CLIENT);
  }

  /** Where the service's keys, streams and channels are (REDIS_NAMESPACE). */
  get namespace(): RedisNamespace {
    return this.app.get(RedisNamespace);
  }

  call(method: string, url: string, options: CallOptions = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'user-agent': 'orion-tests', ...options.headers };
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    return this.app.inject({
      method: method as 'GET',
      url,
      headers,
      payload: options.body as object | undefined,
    });
  }

  /**
   * Signs up (the user service creates the account), marks the address verified and signs in;
   * returns the first pair. Accounts whose address is unverified are restricted (see
   * `signUpUnverifiedAndIn`), so this is what tests that use an account need.
   */
  async signUpAndIn(
    email: string,
    password: string,
  ): Promise<{ accessToken: string; refreshToken: string; sessionId: string }> {
    await this.signUp(email, password);
    return this.signInForPair(email, password);
  }

  /** Signs up and signs in without verifying the address: the tokens are restricted. */
  async signUpUnverifiedAndIn(
    email: string,
    password: string,
  ): Promise<{ accessToken: string; refreshToken: string; sessionId: string }> {
    await this.signUp(email, password, { verified: false });
    return this.signInForPair(email, password);
  }

  /** Signs up over HTTP; the address is then marked verified unless `verified: false`. */
  async signUp(email: string, password: string, options: { verified?: boolean } = {}): Promise<void> {
    const signUp = await this.call('POST', '/api/v1/auth/sign-up', { body: { email, password } });
    if (signUp.statusCode !== 202) throw new Error(`sign-up answered ${signUp.statusCode}: ${signUp.body}`);
    if (options.verified !== false) await this.users.markEmailVerified(email);
  }

  private async signInForPair(
    email: string,
    password: string,
  ): Promise<{ accessToken: string; refreshToken: string; sessionId: string }> {
    const signIn = await this.call('POST', '/api/v1/auth/sign-in', { body: { email, password } });
    if (signIn.statusCode !== 200) throw new Error(`sign-in answered ${signIn.statusCode}: ${signIn.body}`);
    return signIn.json();
  }

  /**
   * One sign-in as a client at `ip` (X-Forwarded-For) on device `deviceId` (X-Device-Id), holding
   * the device token `deviceToken` of a trusted device (X-Device-Token).
   */
  signIn(
    email: string,
    password: string,
    client: { ip?: string; deviceId?: string; userAgent?: string; deviceToken?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (client.ip) headers['x-forwarded-for'] = client.ip;
    if (client.deviceId) headers['x-device-id'] = client.deviceId;
    if (client.deviceToken) headers['x-device-token'] = client.deviceToken;
    if (client.userAgent) headers['user-agent'] = client.userAgent;
    return this.call('POST', '/api/v1/auth/sign-in', { headers, body: { email, password } });
  }

  /** An access token of the seeded administrator (every permission). */
  async adminAccessToken(): Promise<string> {
    const admin = UserServiceUnderTest.admin;
    const response = await this.signIn(admin.email, admin.developmentPassword, {
      deviceId: 'administrator-console',
    });
    if (response.statusCode !== 200 || !response.json().accessToken)
      throw new Error(`administrator sign-in answered ${response.statusCode}: ${response.body}`);
    return response.json().accessToken as string;
  }

  /** Changes a rate-limit rule; the service reads rules on every request in tests. */
  async setRateLimit(
    key: string,
    rule: { limit?: number; windowSeconds?: number; blockDurationSeconds?: number; enabled?: boolean },
  ): Promise<void> {
    const current = await this.query<{
      limit: number;
      window_seconds: number;
      block_duration_seconds: number;
      enabled: boolean;
    }>('SELECT "limit", window_seconds, block_duration_seconds, enabled FROM rate_limits WHERE key = $1', [
      key,
    ]);
    if (!current[0]) throw new Error(`no rate-limit rule ${key}`);
    await this.query(
      'UPDATE rate_limits SET "limit" = $2, window_seconds = $3, block_duration_seconds = $4, enabled = $5 WHERE key = $1',
      [
        key,
        rule.limit ?? current[0].limit,
        rule.windowSeconds ?? current[0].window_seconds,
        rule.blockDurationSeconds ?? current[0].block_duration_seconds,
        rule.enabled ?? current[0].enabled,
      ],
    );
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(this.database.url, sql, params);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await dropTestDatabase(this.database.name);
    await this.users.stop();
  }
}

let counter = 0;
/** A fresh address per call, unique across runs sharing one Redis. */
export function uniqueEmail(label = 'person'): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}-${counter}@example.com`;
}
