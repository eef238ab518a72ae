import { randomBytes } from 'node:crypto';
import { Body, Controller, HttpStatus, Logger, Module, Param, Post, Query } from '@nestjs/common';
import { ClientRedis, Payload } from '@nestjs/microservices';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiKeyPrincipal,
  CHECK_PERMISSION,
  CheckPermissionRequest,
  defineCommand,
  PermissionDecision,
  VERIFY_API_KEY,
  VerifyApiKeyRequest,
} from '@orion/contracts';
import {
  connectTransport,
  CoreModule,
  createServiceApp,
  currentRequestId,
  DatabaseProbe,
  DomainError,
  developmentSigner,
  EnvelopeSerializer,
  HandleCommand,
  InjectServiceClient,
  loadServiceConfig,
  PeerUnavailableError,
  redisTransportOptions,
  ServiceClient,
  SERVICE_CLIENT,
  ServiceConfig,
  ServiceName,
  TransportModule,
} from '@orion/core';
import { RpcApiKeyVerifier, RpcPermissionChecker } from '@orion/security';
import {
  eventually,
  freePort,
  freshNamespace,
  LogCapture,
  sleep,
  waitForCommandChannel,
} from '@orion/testing';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TIMEOUT_MS = 600;
const RETRIES = 2;
// A generous ceiling for "failed fast": every attempt timing out, plus backoff and slack.
const FAIL_FAST_BOUND_MS = TIMEOUT_MS * (RETRIES + 1) + 2000;

// Patterns unique to this run, so parallel runs on one Redis never answer each other.
const run = `t${randomBytes(4).toString('hex')}`;
// The caller and its peers share one namespace of this suite's own.
const NAMESPACE = freshNamespace();

class EchoRequest {
  @IsString()
  @MaxLength(40)
  text!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  delayMs?: number;
}

class ConflictRequest {
  @IsString()
  email!: string;
}

interface Echoed {
  echoed: string;
  requestId?: string;
}

const COMMANDS = {
  check: defineCommand<CheckPermissionRequest, PermissionDecision>(
    `${run}.permissions.check.v1`,
    CheckPermissionRequest,
  ),
  echo: defineCommand<EchoRequest, Echoed>(`${run}.echo.say.v1`, EchoRequest),
  conflict: defineCommand<ConflictRequest, never>(`${run}.users.create.v1`, ConflictRequest),
  nobody: defineCommand<EchoRequest, Echoed>(`${run}.nobody.listens.v1`, EchoRequest),
};

const KNOWN_API_KEY = 'orion_test_key_0123456789abcdef';
const KNOWN_KEY_PRINCIPAL: ApiKeyPrincipal = {
  apiKeyId: '6a1f3c2e-1d2b-4c5a-9e8f-0a1b2c3d4e5f',
  userId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  name: 'billing-sync',
  scopes: ['users:read'],
  expiresAt: '2030-01-01T00:00:00.000Z',
};

class EmailTakenError extends DomainError {
  readonly code = 'EMAIL_TAKEN';
  readonly status = HttpStatus.CONFLICT;
  constructor(email: string) {
    super(`An account with ${email} exists.`);
    this.extensions.field = 'email';
  }
}

/** Messages each handler received, by the text or user they carried. */
const received = new Map<string, number>();
const count = (key: string) => received.set(key, (received.get(key) ?? 0) + 1);

@Controller()
class PeerHandlers {
  private readonly logger = new Logger('PeerHandlers');

  @HandleCommand(COMMANDS.check)
  check(@Payload() request: CheckPermissionRequest): PermissionDecision {
    count(request.userId);
    this.logger.log(`checking ${request.permission}`);
    return request.permission === 'users:read'
      ? { allowed: true }
      : { allowed: false, reason: 'no role grants it' };
  }

  @HandleCommand(COMMANDS.echo)
  async echo(@Payload() request: EchoRequest): Promise<Echoed> {
    count(request.text);
    if (request.delayMs) await sleep(request.delayMs);
    return { echoed: request.text, requestId: currentRequestId() };
  }

  // The real user-service contracts, as the shared security guards call them.
  @HandleCommand(CHECK_PERMISSION)
  realCheck(@Payload() request: CheckPermissionRequest): PermissionDecision {
    return { allowed: request.permission === 'users:read' && request.scope === 'GLOBAL' };
  }

  @HandleCommand(VERIFY_API_KEY)
  verifyKey(@Payload() request: VerifyApiKeyRequest): ApiKeyPrincipal | null {
    return request.apiKey === KNOWN_API_KEY ? KNOWN_KEY_PRINCIPAL : null;
  }

  @HandleCommand(COMMANDS.conflict)
  conflict(@Payload() request: ConflictRequest): never {
    throw new EmailTakenError(request.email);
  }
}

/** The caller's HTTP edge: forwards its body as a command's payload, unvalidated on purpose. */
@Controller('calls')
class CallerController {
  constructor(@InjectServiceClient('user') private readonly users: ServiceClient) {}

  @Post(':command')
  call(
    @Param('command') command: keyof typeof COMMANDS,
    @Body() body: Record<string, unknown>,
    @Query('idempotent') idempotent?: string,
  ): Promise<unknown> {
    return this.users.send(COMMANDS[command] as any, body, { idempotent: idempotent === 'true' });
  }
}

class NoDatabase extends DatabaseProbe {
  async ping(): Promise<void> {}
}

interface RunningService {
  app: NestFastifyApplication;
  baseUrl: string;
  logs: LogCapture;
}

/** A peer (`serves`: a command it handles) returns once its transport has subscribed to it. */
async function startService(
  service: ServiceName,
  parts: {
    controllers: (new (...args: never[]) => unknown)[];
    clients?: ServiceName[];
    serves?: { pattern: string };
    replicas?: number;
  },
): Promise<RunningService> {
  const port = await freePort();
  const prefix = service.toUpperCase();
  const config: ServiceConfig = loadServiceConfig(service, {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    [`${prefix}_PORT`]: String(port),
    [`${prefix}_DATABASE_URL`]: 'postgresql://postgres@127.0.0.1:5432/unused',
    REDIS_URL,
    REDIS_NAMESPACE: NAMESPACE,
    SERVICE_CALL_TIMEOUT_MS: String(TIMEOUT_MS),
    SERVICE_CALL_RETRIES: String(RETRIES),
  });
  const logs = new LogCapture();
  @Module({})
  class TestServiceModule {}
  const app = await createServiceApp(
    config,
    {
      module: TestServiceModule,
      imports: [
        CoreModule.forService({ config, prisma: NoDatabase, logging: { destination: logs } }),
        ...(parts.clients ? [TransportModule.forClients(parts.clients)] : []),
      ],
      controllers: parts.controllers,
    },
    { openApi: false },
  );
  await app.listen(port, '127.0.0.1');
  // This run's own patterns, sent by the caller (auth) only.
  const senders = Object.fromEntries(
    Object.values(COMMANDS).map((command) => [command.pattern, ['auth' as const]]),
  );
  await connectTransport(app, config, { senders });
  if (parts.serves) await waitForCommandChannel(app, parts.serves, { count: parts.replicas ?? 1 });
  return { app, baseUrl: `http://127.0.0.1:${port}`, logs };
}

describe('request/response between services over Redis', () => {
  let caller: RunningService;
  let peer: RunningService;
  let peerStopped = false;

  const call = async (
    command: keyof typeof COMMANDS,
    body: object,
    options: { requestId?: string; idempotent?: boolean } = {},
  ) => {
    const started = performance.now();
    const response = await fetch(
      `${caller.baseUrl}/api/v1/calls/${command}?idempotent=${options.idempotent ?? false}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.requestId && { 'x-request-id': options.requestId }),
        },
        body: JSON.stringify(body),
      },
    );
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as any,
      elapsedMs: performance.now() - started,
    };
  };

  beforeAll(async () => {
    peer = await startService('user', { controllers: [PeerHandlers], serves: COMMANDS.echo });
    caller = await startService('auth', { controllers: [CallerController], clients: ['user'] });
  });

  afterAll(async () => {
    await caller?.app.close();
    if (!peerStopped) await peer?.app.close();
  });

  it('returns the typed response, and the request id reaches both services’ logs', async () => {
    const userId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    const result = await call(
      'check',
      { userId, permission: 'users:read', scope: 'GLOBAL' },
      { requestId: 'chain-abc-1' },
    );
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ allowed: true });

    const echo = await call('echo', { text: 'hello' }, { requestId: 'chain-abc-2' });
    expect(echo.body).toEqual({ echoed: 'hello', requestId: 'chain-abc-2' });

    await eventually(
      () => caller.logs.lines().some((line) => line.requestId === 'chain-abc-1' && line.res !== undefined),
      'the caller’s access log line',
    );
    const callerLines = caller.logs.lines().filter((line) => line.requestId === 'chain-abc-1');
    expect(callerLines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'auth', res: expect.objectContaining({ statusCode: 201 }) }),
      ]),
    );
    const peerLines = peer.logs.lines().filter((line) => line.requestId === 'chain-abc-1');
    expect(peerLines).toEqual(
      expect.arrayContaining([
        // A Nest Logger call inside the handler.
        expect.objectContaining({ service: 'user', context: 'PeerHandlers', msg: 'checking users:read' }),
        // The transport's own line per handled message.
        expect.objectContaining({
          service: 'user',
          msg: 'message handled',
          outcome: 'ok',
          from: 'auth',
          pattern: COMMANDS.check.pattern,
        }),
      ]),
    );
  });

  it('relays a malformed payload as a 400 VALIDATION_FAILED problem, without running the handler or logging its values', async () => {
    const userId = 'not-a-uuid-but-a-key';
    const result = await call(
      'check',
      { userId, permission: 'users', scope: 'PLANET', password: 'hunter2-secret' },
      { requestId: 'chain-bad-1' },
    );
    expect(result.status).toBe(400);
    expect(result.type).toContain('application/problem+json');
    expect(result.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      requestId: 'chain-bad-1',
    });
    expect(result.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'password',
      'permission',
      'scope',
      'userId',
    ]);
    expect(received.get(userId)).toBeUndefined();

    const rejected = await eventually(
      () =>
        peer.logs.lines().find((line) => line.requestId === 'chain-bad-1' && line.msg === 'Message rejected'),
      'the peer’s rejection line',
    );
    expect(rejected).toMatchObject({ code: 'VALIDATION_FAILED', pattern: COMMANDS.check.pattern });
    expect(peer.logs.text()).not.toContain('hunter2-secret');
  });

  it('answers the caller’s endpoint with the peer’s domain error: same code, status and detail', async () => {
    const result = await call('conflict', { email: 'taken@example.com' });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({
      code: 'EMAIL_TAKEN',
      status: 409,
      detail: 'An account with taken@example.com exists.',
      type: 'https://orion.dev/problems/email-taken',
      field: 'email',
    });
  });

  it('answers 503 PEER_UNAVAILABLE in time when nobody handles the pattern', async () => {
    const result = await call('nobody', { text: 'anyone?' });
    expect(result.status).toBe(503);
    expect(result.type).toContain('application/problem+json');
    expect(result.body).toMatchObject({
      code: 'PEER_UNAVAILABLE',
      peer: 'user',
      pattern: COMMANDS.nobody.pattern,
    });
    expect(result.elapsedMs).toBeLessThan(FAIL_FAST_BOUND_MS);
  });

  it('answers 503 in time when the peer is too slow, and retries idempotent calls only', async () => {
    const slow = { delayMs: TIMEOUT_MS * 2 };
    const once = await call('echo', { ...slow, text: 'slow-once' });
    expect(once.status).toBe(503);
    expect(once.body.code).toBe('PEER_UNAVAILABLE');
    expect(once.elapsedMs).toBeLessThan(FAIL_FAST_BOUND_MS);

    const retried = await call('echo', { ...slow, text: 'slow-retried' }, { idempotent: true });
    expect(retried.status).toBe(503);
    expect(retried.elapsedMs).toBeLessThan(FAIL_FAST_BOUND_MS);

    await eventually(() => received.get('slow-retried') === RETRIES + 1, 'every retry to reach the peer');
    expect(received.get('slow-once')).toBe(1);
    expect(received.get('slow-retried')).toBe(RETRIES + 1);
  });

  it('lets the shared guards ask the user service through its real contracts', async () => {
    const users = caller.app.get<ServiceClient>(SERVICE_CLIENT.user);
    const checker = new RpcPermissionChecker(users);
    const userId = KNOWN_KEY_PRINCIPAL.userId;
    expect(await checker.check({ userId, permission: 'users:read', scope: 'GLOBAL' })).toEqual({
      allowed: true,
    });
    expect(await checker.check({ userId, permission: 'users:read', scope: 'ORG', scopeId: 'org-1' })).toEqual(
      {
        allowed: false,
      },
    );

    const verifier = new RpcApiKeyVerifier(users);
    expect(await verifier.verify(KNOWN_API_KEY)).toEqual({
      keyId: KNOWN_KEY_PRINCIPAL.apiKeyId,
      ownerId: KNOWN_KEY_PRINCIPAL.userId,
      serviceName: 'billing-sync',
      scopes: ['users:read'],
      expiresAt: new Date('2030-01-01T00:00:00.000Z'),
    });
    expect(await verifier.verify('orion_unknown_key_0123456789')).toBeNull();
  });

  it('runs a command once when several replicas of the peer are listening', async () => {
    const replica = await startService('user', {
      controllers: [PeerHandlers],
      serves: COMMANDS.echo,
      replicas: 2,
    });
    try {
      const result = await call('echo', { text: 'replicated' });
      expect(result.status).toBe(201);
      // Nothing to wait for: a second run would show within this time, and none may come.
      await sleep(200);
      expect(received.get('replicated')).toBe(1);
    } finally {
      await replica.app.close();
    }
  });

  it('answers 503 in time once the peer has stopped', async () => {
    await peer.app.close();
    peerStopped = true;
    const result = await call('echo', { text: 'after-stop' }, { idempotent: true });
    expect(result.status).toBe(503);
    expect(result.body.code).toBe('PEER_UNAVAILABLE');
    expect(result.elapsedMs).toBeLessThan(FAIL_FAST_BOUND_MS);
    expect(received.get('after-stop')).toBeUndefined();
  });
});

describe('a ServiceClient whose Redis is unreachable', () => {
  it('fails with PeerUnavailableError in time instead of hanging', async () => {
    const closedPort = await freePort();
    const options = redisTransportOptions({ url: `redis://127.0.0.1:${closedPort}`, connectTimeoutMs: 300 });
    const proxy = new ClientRedis({
      ...options,
      serializer: new EnvelopeSerializer(developmentSigner('auth')),
    });
    proxy.on('error', () => undefined);
    const client = new ServiceClient('user', proxy, {
      from: 'auth',
      timeoutMs: TIMEOUT_MS,
      retries: RETRIES,
    });
    const started = performance.now();
    try {
      await expect(client.send(COMMANDS.echo, { text: 'x' }, { idempotent: true })).rejects.toBeInstanceOf(
        PeerUnavailableError,
      );
      expect(performance.now() - started).toBeLessThan(FAIL_FAST_BOUND_MS);
    } finally {
      await proxy.close();
    }
  });
});
