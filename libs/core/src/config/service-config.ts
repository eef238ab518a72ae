import { z } from 'zod';
import { CorsOrigins, parseCorsOrigins } from './cors.config';
import { publishedSecretProblems } from './published-secrets';
import { loadTransportKeys, TransportSecurityConfig, transportKeysSchema } from './transport-keys.config';
import { parseSealingConfig, SealingConfig } from './transport-sealing.config';

export type ServiceName = 'auth' | 'user' | 'notification';

/** The typed configuration every service receives, built once at boot from the environment. */
export interface ServiceConfig {
  service: ServiceName;
  environment: 'development' | 'test' | 'production';
  log: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent' };
  /**
   * trustProxy: which proxies' X-Forwarded-For Fastify believes for request.ip (TRUST_PROXY): a hop
   * count N takes the N-th entry from the right, addresses/CIDRs the right-most entry not added by
   * one of them, true (refused in production) the left-most;
   * docsEnabled: whether /docs and /docs-json are served (DOCS_ENABLED, off in production by default);
   * corsOrigins: the browser origins whose pages may call the service (CORS_ORIGINS, cors.config.ts).
   */
  http: {
    host: string;
    port: number;
    trustProxy: boolean | number | string;
    docsEnabled: boolean;
    corsOrigins: CorsOrigins;
  };
  database: { url: string; poolMax: number; connectTimeoutMs: number };
  redis: { url: string; connectTimeoutMs: number; tlsCaFile?: string };
  /** Calls to other services over the transport: how long to wait, how often to retry. */
  serviceCalls: { timeoutMs: number; retries: number };
  events: EventsConfig;
  security: SecurityConfig;
  /** Signing and verification of commands, replies and events (TRANSPORT_*). */
  transport: TransportSecurityConfig;
  /** Keys that seal secrets in payloads for their one consumer (transport-sealing.config.ts). */
  sealing: SealingConfig;
}

/** Durable events: the outbox relay and the stream consumers (docs/MESSAGING.md). */
export interface EventsConfig {
  /** Off only in tests that must keep events in the outbox; every service relays by default. */
  relayEnabled: boolean;
  /** Pause of the relay between scans that found nothing. */
  pollIntervalMs: number;
  /** Outbox rows claimed per relay transaction. */
  batchSize: number;
  /** Approximate bound of each event stream (XADD MAXLEN ~). */
  streamMaxLength: number;
  /** How long a pending message waits before another consumer takes it over. */
  claimIdleMs: number;
  /** Deliveries of one message before it goes to the dead-letter stream. */
  maxDeliveries: number;
  /** How long a published outbox row is kept before it is deleted (OUTBOX_RETENTION_S). */
  outboxRetentionMs: number;
  /** How often published rows past their retention are deleted; 0 turns the purge off. */
  outboxPurgeIntervalMs: number;
  /** How often a consumer trims stream entries every group has acknowledged; 0 turns it off. */
  streamTrimIntervalMs: number;
}

/** How every service verifies callers: access tokens from the auth service, permissions, API keys. */
export interface SecurityConfig {
  jwksUrl: string;
  /** Tokens whose `iat` lies further back are refused, whatever their `exp` (JWT_MAX_TOKEN_AGE_S). */
  maxTokenAgeS: number;
  issuer: string;
  audience: string;
  algorithms: AsymmetricJwtAlgorithm[];
  clockToleranceS: number;
  permissionCacheTtlS: number;
  apiKeyCacheTtlS: number;
  /** Routes marked @RequiresRecentAuthentication() need a sign-in or step-up this recent (auth_time). */
  reauthenticationMaxAgeS: number;
  /** HMAC-SHA256 key of cache entries that grant something (CACHE_MAC_KEY); never sent to Redis. */
  cacheMacKey: Buffer;
  /** The service whose key prefix holds its caches (orion:<service>:…), inside its Redis ACL. */
  cacheNamespace: string;
}

/** Only asymmetric JWS algorithms: a verifier holding public keys must never accept `none` or a MAC (HS*). */
export const ASYMMETRIC_JWT_ALGORITHMS = [
  'EdDSA',
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;
export type AsymmetricJwtAlgorithm = (typeof ASYMMETRIC_JWT_ALGORITHMS)[number];

export const DEFAULT_PORTS: Record<ServiceName, number> = { auth: 3001, user: 3002, notification: 3003 };

/** Environment variable prefix of each service: AUTH_PORT, USER_DATABASE_URL, … */
export function variablePrefix(service: ServiceName): string {
  return service.toUpperCase();
}

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

function urlWithProtocol(protocols: string[]) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );
}

const jwtAlgorithmList = z
  .string()
  .default('EdDSA,ES256,RS256')
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
  .refine(
    (names) =>
      names.length > 0 &&
      names.every((name) => (ASYMMETRIC_JWT_ALGORITHMS as readonly string[]).includes(name)),
    { message: `must be a comma-separated list of ${ASYMMETRIC_JWT_ALGORITHMS.join(', ')}` },
  );

function environmentSchema(service: ServiceName) {
  const prefix = variablePrefix(service);
  return z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    HOST: z.string().min(1).default('0.0.0.0'),
    // false, a hop count, or addresses/CIDRs; true (believe the left-most entry) only outside production.
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|[0-9]{1,2}|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/, {
        message: 'must be true, false, a hop count or a comma-separated list of addresses/CIDRs',
      })
      .default('false'),
    [`${prefix}_PORT`]: integer(1, 65535).default(DEFAULT_PORTS[service]),
    [`${prefix}_DATABASE_URL`]: urlWithProtocol(['postgresql:', 'postgres:']),
    DATABASE_POOL_MAX: integer(1, 500).default(20),
    DATABASE_CONNECT_TIMEOUT_MS: integer(100, 120_000).default(5000),
    REDIS_URL: urlWithProtocol(['redis:', 'rediss:']),
    REDIS_CONNECT_TIMEOUT_MS: integer(100, 120_000).default(5000),
    REDIS_TLS_CA_FILE: z.string().min(1).optional(),
    SERVICE_CALL_TIMEOUT_MS: integer(50, 60_000).default(3000),
    SERVICE_CALL_RETRIES: integer(0, 5).default(2),
    OUTBOX_RELAY_ENABLED: z.enum(['true', 'false']).default('true'),
    OUTBOX_POLL_INTERVAL_MS: integer(10, 60_000).default(250),
    OUTBOX_BATCH_SIZE: integer(1, 1000).default(100),
    EVENT_STREAM_MAX_LENGTH: integer(1000, 100_000_000).default(1_000_000),
    EVENT_CLAIM_IDLE_MS: integer(100, 3_600_000).default(30_000),
    EVENT_MAX_DELIVERIES: integer(1, 100).default(5),
    // Shorter than the shortest lifetime of a secret an event may carry (a 60 s one-time code).
    OUTBOX_RETENTION_S: integer(0, 86_400).default(60),
    OUTBOX_PURGE_INTERVAL_S: integer(0, 3600).default(30),
    EVENT_STREAM_TRIM_INTERVAL_S: integer(0, 3600).default(10),
    AUTH_JWKS_URL: urlWithProtocol(['http:', 'https:']).default(
      'http://127.0.0.1:3001/.well-known/jwks.json',
    ),
    AUTH_JWKS_INTERNAL: z.enum(['true', 'false']).default('false'),
    JWT_MAX_TOKEN_AGE_S: integer(60, 86_400).default(3600),
    DOCS_ENABLED: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.enum(['true', 'false']).optional(),
    ),
    JWT_ISSUER: z.string().min(1).default('orion-auth'),
    JWT_AUDIENCE: z.string().min(1).default('orion'),
    JWT_ALGORITHMS: jwtAlgorithmList,
    JWT_CLOCK_TOLERANCE_S: integer(0, 300).default(5),
    PERMISSION_CACHE_TTL_S: integer(1, 3600).default(30),
    API_KEY_CACHE_TTL_S: integer(1, 3600).default(30),
    REAUTHENTICATION_MAX_AGE_S: integer(30, 86_400).default(300),
    ...transportKeysSchema,
  });
}

/**
 * What production demands beyond well-formed values: no secret the repository publishes, no
 * TRUST_PROXY=true (behind proxies that append to X-Forwarded-For its left-most entry is the
 * client's choice), a Redis that asks for credentials (it is the trust boundary between
 * services), and keys fetched over https unless the operator marks the JWKS address as inside a
 * private network.
 */
function productionPolicyProblems(env: NodeJS.ProcessEnv): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems = publishedSecretProblems(env);
  if (env.TRUST_PROXY?.trim() === 'true') {
    problems.push(
      'TRUST_PROXY: must not be true in production (the left-most X-Forwarded-For entry is whatever the client sent); give the number of proxies in front of the service or their addresses/CIDRs',
    );
  }
  if (env.REDIS_URL && !hasPassword(env.REDIS_URL)) {
    problems.push('REDIS_URL: must carry a password (redis://user:password@host) when NODE_ENV=production');
  }
  if (env.AUTH_JWKS_URL?.startsWith('http:') && env.AUTH_JWKS_INTERNAL !== 'true') {
    problems.push(
      'AUTH_JWKS_URL: must be https:// in production (set AUTH_JWKS_INTERNAL=true for an address on a private network)',
    );
  }
  return problems;
}

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return true; // malformed: the schema reports it
  }
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^[0-9]+$/.test(value) ? Number(value) : value;
}

/** Thrown when the environment cannot configure a service; the message names every bad variable. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadServiceConfig(service: ServiceName, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = environmentSchema(service).safeParse(env);
  const keys = loadTransportKeys(
    service,
    parsed.success ? parsed.data : env,
    (parsed.success ? parsed.data.NODE_ENV : env.NODE_ENV) === 'production',
  );
  const sealing = parseSealingConfig(service, env);
  const cors = parseCorsOrigins(env);
  const policy = [...productionPolicyProblems(env), ...cors.problems, ...keys.problems, ...sealing.problems];
  if (!parsed.success || policy.length > 0 || !keys.transport || !keys.cache) {
    throw new ConfigurationError([
      ...(parsed.success ? [] : parsed.error.issues).map((issue) => {
        const variable = issue.path.join('.');
        const missing = env[variable] === undefined || env[variable] === '';
        return missing ? `${variable} is required but not set` : `${variable}: ${issue.message}`;
      }),
      ...policy,
    ]);
  }
  const values = parsed.data as unknown as Record<string, string | number>;
  const prefix = variablePrefix(service);
  return {
    service,
    environment: values.NODE_ENV as ServiceConfig['environment'],
    log: { level: values.LOG_LEVEL as ServiceConfig['log']['level'] },
    http: {
      host: values.HOST as string,
      port: values[`${prefix}_PORT`] as number,
      trustProxy: parseTrustProxy(values.TRUST_PROXY as string),
      docsEnabled:
        values.DOCS_ENABLED === undefined ? values.NODE_ENV !== 'production' : values.DOCS_ENABLED === 'true',
      corsOrigins: cors.origins,
    },
    database: {
      url: values[`${prefix}_DATABASE_URL`] as string,
      poolMax: values.DATABASE_POOL_MAX as number,
      connectTimeoutMs: values.DATABASE_CONNECT_TIMEOUT_MS as number,
    },
    redis: {
      url: values.REDIS_URL as string,
      connectTimeoutMs: values.REDIS_CONNECT_TIMEOUT_MS as number,
      tlsCaFile: values.REDIS_TLS_CA_FILE as string | undefined,
    },
    serviceCalls: {
      timeoutMs: values.SERVICE_CALL_TIMEOUT_MS as number,
      retries: values.SERVICE_CALL_RETRIES as number,
    },
    events: {
      relayEnabled: values.OUTBOX_RELAY_ENABLED === 'true',
      pollIntervalMs: values.OUTBOX_POLL_INTERVAL_MS as number,
      batchSize: values.OUTBOX_BATCH_SIZE as number,
      streamMaxLength: values.EVENT_STREAM_MAX_LENGTH as number,
      claimIdleMs: values.EVENT_CLAIM_IDLE_MS as number,
      maxDeliveries: values.EVENT_MAX_DELIVERIES as number,
      outboxRetentionMs: (values.OUTBOX_RETENTION_S as number) * 1000,
      outboxPurgeIntervalMs: (values.OUTBOX_PURGE_INTERVAL_S as number) * 1000,
      streamTrimIntervalMs: (values.EVENT_STREAM_TRIM_INTERVAL_S as number) * 1000,
    },
    security: {
      jwksUrl: values.AUTH_JWKS_URL as string,
      maxTokenAgeS: values.JWT_MAX_TOKEN_AGE_S as number,
      issuer: values.JWT_ISSUER as string,
      audience: values.JWT_AUDIENCE as string,
      algorithms: values.JWT_ALGORITHMS as unknown as AsymmetricJwtAlgorithm[],
      clockToleranceS: values.JWT_CLOCK_TOLERANCE_S as number,
      permissionCacheTtlS: values.PERMISSION_CACHE_TTL_S as number,
      apiKeyCacheTtlS: values.API_KEY_CACHE_TTL_S as number,
      reauthenticationMaxAgeS: values.REAUTHENTICATION_MAX_AGE_S as number,
      cacheMacKey: keys.cache.macKey,
      cacheNamespace: service,
    },
    transport: keys.transport,
    sealing: sealing.config as SealingConfig,
  };
}

/** Injection token of the ServiceConfig. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
