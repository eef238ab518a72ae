import { AsyncLocalStorage } from 'node:async_hooks';
import type { RedisContext } from '@nestjs/microservices';
import { ServerRedis } from '@nestjs/microservices';
import type { Logger as PinoInstance } from 'pino';
import { randomUUID } from 'node:crypto';
import { runInRequestContext } from '../context/request-context';
import type { RedisNamespace } from '../redis/redis-namespace';
import { checkCommand, EnvelopeCheckOptions } from './envelope-verification';
import { MessageMeta } from './message-envelope';
import type { MessageSigner } from './message-signing';
import type { RedisTransportOptions } from './redis-transport.options';
import { ReplySerializer } from './reply-signing';

/** Per service (<namespace>:<service>:transport:claim:<message id>), inside the service's ACL key prefix. */
export const claimKeyPrefix = (namespace: RedisNamespace, service: string) =>
  namespace.key(service, 'transport', 'claim', '');
// Longer than any caller waits (timeout × attempts), so a late replica cannot claim it again.
const CLAIM_TTL_MS = 5 * 60_000;

/** How the server proves its replies and checks what it receives. */
export interface TransportSecurity extends EnvelopeCheckOptions {
  signer: MessageSigner;
}

interface Delivery {
  pattern: string;
  meta: MessageMeta;
  startedAt: number;
}

// Raw transport packets and ioredis clients are untyped in Nest's declarations.
type Packet = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RedisConnection = any;

/**
 * Nest's Redis server with Orion's envelope, on the installation's command channels
 * (`<namespace>:commands:<pattern>`, see OrionRedisClient); handlers, signatures and the sender
 * rules see the bare pattern, so a command of another namespace never reaches them.
 * Each message is handled inside the request
 * context its `meta` names, so every log line it causes carries the chain's request id, and
 * each reply is logged once with its outcome. Boot does not wait for Redis: the server
 * subscribes as soon as both connections are ready, and ioredis resubscribes after a reconnect.
 */
export class OrionRedisServer extends ServerRedis {
  private readonly deliveries = new AsyncLocalStorage<Delivery>();
  // Tells a replay (this replica claimed the id before) from another replica's claim.
  private readonly instanceId = randomUUID();
  private readonly claimPrefix: string;

  constructor(
    options: RedisTransportOptions,
    private readonly security: TransportSecurity,
    private readonly namespace: RedisNamespace,
    private readonly rootLogger?: PinoInstance,
  ) {
    super({ ...options, serializer: new ReplySerializer(security.signer) });
    this.claimPrefix = claimKeyPrefix(namespace, security.signer.producer);
  }

  override getRequestPattern(pattern: string): string {
    return this.namespace.commandChannel(pattern);
  }

  override getReplyPattern(pattern: string): string {
    return this.namespace.replyChannel(pattern);
  }

  override start(callback?: () => void): void {
    const sub = this.subClient as RedisConnection;
    const pub = this.pubClient as RedisConnection;
    let bound = false;
    const bindWhenReady = () => {
      if (bound || sub.status !== 'ready' || pub.status !== 'ready') return;
      bound = true;
      this.bindEvents(sub, pub);
    };
    sub.on('ready', bindWhenReady);
    pub.on('ready', bindWhenReady);
    Promise.all([sub.connect(), pub.connect()]).catch((error: Error) =>
      this.logger.warn(`Transport not connected yet (${error.message}); retrying in the background`),
    );
    callback?.();
  }

  override registerErrorListener(client: RedisConnection): void {
    // One line per failed reconnect, without a stack: the cause is always the same.
    client.on('error', (error: Error) => this.logger.warn(`Transport connection problem: ${error.message}`));
  }

  override async handleMessage(
    commandChannel: string,
    buffer: string,
    pub: RedisConnection,
  ): Promise<unknown> {
    // Only this namespace's channels are subscribed; anything else is dropped unread. From here on
    // (handlers, their context, logs) the channel is the bare pattern.
    const channel = this.namespace.patternOfCommandChannel(commandChannel);
    if (channel === undefined) return undefined;
    const packet = this.parseMessage(buffer) as Packet;
    // Nest would run a handler for a packet without an id as an event: Orion sends none.
    if (typeof packet.id !== 'string') return this.refuse(channel, packet, 'no request id');
    const check = checkCommand(channel, packet, this.security);
    if (!check.ok) {
      this.refuse(channel, packet, check.reason);
      if (check.authentic) await this.answerForbidden(pub, channel, packet.id, check.reason);
      return undefined;
    }
    const meta = check.meta;
    if (!(await this.claim(pub, channel, meta))) return undefined;
    const delivery: Delivery = { pattern: channel, meta, startedAt: performance.now() };
    const logger = this.rootLogger && {
      root: this.rootLogger,
      bindings: { pattern: channel, from: meta.from },
    };
    return runInRequestContext(
      meta.requestId,
      () => this.deliveries.run(delivery, () => super.handleMessage(channel, buffer, pub, channel)),
      logger,
    );
  }

  override getPublisher(pub: RedisConnection, pattern: unknown, id: string, ctx: RedisContext) {
    const publish = super.getPublisher(pub, pattern, id, ctx);
    const delivery = this.deliveries.getStore();
    return (response: Packet) => {
      if (delivery && (response.err !== undefined || response.isDisposed))
        this.logOutcome(delivery, response);
      // A handler that finishes after shutdown has nobody to answer: the caller's deadline covers it.
      if (this.isManuallyClosed) return undefined;
      return Promise.resolve(publish(response)).catch((error: Error) =>
        this.logger.warn(`Reply to ${delivery?.pattern ?? 'a message'} not sent: ${error.message}`),
      );
    };
  }

  /**
   * Redis pub/sub hands every command to every replica of a service; only the replica that
   * claims the signed message id first handles it, so a command runs once however many are
   * running, and a replayed copy within the claim's lifetime finds it taken (later copies are
   * stale). A copy this replica already claimed can only be a replay, and is logged as one.
   */
  private async claim(pub: RedisConnection, pattern: string, meta: MessageMeta): Promise<boolean> {
    const ttlMs = Math.max(CLAIM_TTL_MS, 2 * this.security.maxSkewMs);
    try {
      const key = `${this.claimPrefix}${meta.messageId}`;
      const previous = (await pub.set(key, this.instanceId, 'PX', ttlMs, 'NX', 'GET')) as string | null;
      if (previous === null) return true;
      if (previous === this.instanceId) this.refuse(pattern, { meta }, 'replayed message id');
      return false;
    } catch (error) {
      this.logger.warn(`Message ${meta.messageId} not claimed: ${(error as Error).message}`);
      return false;
    }
  }

  private refuse(pattern: string, packet: Packet, reason: string): undefined {
    const meta = (packet.meta ?? {}) as Partial<MessageMeta>;
    const line = {
      pattern,
      claimedFrom: typeof meta.from === 'string' ? meta.from.slice(0, 40) : undefined,
      messageId: typeof meta.messageId === 'string' ? meta.messageId.slice(0, 40) : undefined,
      reason,
    };
    if (this.rootLogger) this.rootLogger.warn(line, 'message refused');
    else this.logger.warn(line);
    return undefined;
  }

  /** An authentic caller without the right to send this command learns why, rather than timing out. */
  private answerForbidden(
    pub: RedisConnection,
    pattern: string,
    id: string,
    reason: string,
  ): Promise<unknown> {
    const problem = {
      type: 'https://orion.dev/problems/command-sender-not-allowed',
      title: 'Forbidden',
      status: 403,
      code: 'COMMAND_SENDER_NOT_ALLOWED',
      detail: reason,
    };
    return Promise.resolve(
      super.getPublisher(pub, pattern, id, undefined as never)({ err: problem, isDisposed: true }),
    );
  }

  private logOutcome(delivery: Delivery, response: Packet): void {
    const durationMs = Math.round(performance.now() - delivery.startedAt);
    const err = response.err as { code?: unknown; status?: unknown } | undefined;
    const line = {
      requestId: delivery.meta.requestId,
      pattern: delivery.pattern,
      from: delivery.meta.from,
      attempt: delivery.meta.attempt,
      outcome: err === undefined ? 'ok' : 'error',
      ...(err !== undefined && { code: err.code, status: err.status }),
      durationMs,
    };
    if (this.rootLogger) this.rootLogger.info(line, 'message handled');
    else this.logger.log(line);
  }
}
