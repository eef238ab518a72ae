import { AsyncLocalStorage } from 'node:async_hooks';
import type { RedisContext } from '@nestjs/microservices';
import { ServerRedis } from '@nestjs/microservices';
import type { Logger as PinoInstance } from 'pino';
import { runInRequestContext } from '../context/request-context';
import { MessageMeta, readMeta } from './message-envelope';
import type { RedisTransportOptions } from './redis-transport.options';

const CLAIM_KEY_PREFIX = 'orion:transport:claim:';
// Longer than any caller waits (timeout × attempts), so a late replica cannot claim it again.
const CLAIM_TTL_MS = 5 * 60_000;

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
 * Nest's Redis server with Orion's envelope: each message is handled inside the request
 * context its `meta` names, so every log line it causes carries the chain's request id, and
 * each reply is logged once with its outcome. Boot does not wait for Redis: the server
 * subscribes as soon as both connections are ready, and ioredis resubscribes after a reconnect.
 */
export class OrionRedisServer extends ServerRedis {
  private readonly deliveries = new AsyncLocalStorage<Delivery>();

  constructor(
    options: RedisTransportOptions,
    private readonly rootLogger?: PinoInstance,
  ) {
    super(options);
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
    channel: string,
    buffer: string,
    pub: RedisConnection,
    pattern: string,
  ): Promise<unknown> {
    const packet = this.parseMessage(buffer) as Packet;
    if (typeof packet.id === 'string' && !(await this.claim(pub, packet.id))) return undefined;
    const meta = readMeta(packet);
    const delivery: Delivery = { pattern: channel, meta, startedAt: performance.now() };
    const logger = this.rootLogger && {
      root: this.rootLogger,
      bindings: { pattern: channel, from: meta.from },
    };
    return runInRequestContext(
      meta.requestId,
      () => this.deliveries.run(delivery, () => super.handleMessage(channel, buffer, pub, pattern)),
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
   * claims the message id first handles it, so a command runs once however many are running.
   */
  private async claim(pub: RedisConnection, messageId: string): Promise<boolean> {
    try {
      return (await pub.set(`${CLAIM_KEY_PREFIX}${messageId}`, '1', 'PX', CLAIM_TTL_MS, 'NX')) === 'OK';
    } catch (error) {
      this.logger.warn(`Message ${messageId} not claimed: ${(error as Error).message}`);
      return false;
    }
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
