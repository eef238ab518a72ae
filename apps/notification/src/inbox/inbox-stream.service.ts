import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import {
  Clock,
  createRedisClient,
  REDIS_CLIENT,
  RedisNamespace,
  SERVICE_CONFIG,
  ServiceConfig,
} from '@orion/core';
import { readRevocation, UserPrincipal } from '@orion/security';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { INBOX_CONFIG, InboxConfig } from './inbox.config';
import { InboxLogStore } from './inbox-log.store';
import { LoggedItem, StreamOrder } from './inbox-stream-order';
import { InboxStreamStore } from './inbox-stream.store';
import type { InboxDelivery, InboxItem } from './inbox.types';

type Listener = (item: LoggedItem) => void;

/** Why the server ended a stream, sent as the data of a last `end` event. */
export type StreamEndReason = 'token-expired' | 'token-revoked' | 'stream-limit' | 'revocation-unknown';

/** Why a stream opened with Last-Event-ID replays nothing: the client lists the inbox instead. */
export type ResyncReason = 'unknown-id' | 'replay-unavailable';

/** An item as published on a user's channel, with its place in the user's inbox log. */
interface PublishedItem {
  entry: string;
  item: InboxItem;
}

/** Published on a user's channel beside items: ends those streams on whichever instance holds them. */
interface CloseStreams {
  closeStreams: string[];
}

// Browsers wait this long before reconnecting after the stream drops.
const RETRY_MS = 3000;
const ITEM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * New inbox items, live. Every instance publishes to a Redis channel per user and subscribes to
 * the channels of the users connected to it, so an item reaches the user's streams whichever
 * instance delivered it. Streams are server-sent events (text/event-stream). Each item is also
 * kept in the user's inbox log, so a stream reopened with Last-Event-ID first replays what the
 * client missed (at most replayMax items) and then goes on live.
 *
 * A stream lives no longer than the access token that opened it: it ends when the token expires
 * (a timer from `exp`), when the token or all the user's tokens are revoked (checked at every
 * heartbeat), and when the user opens more than `maxStreamsPerUser` (the oldest ends).
 */
@Injectable()
export class InboxStreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxStreamService.name);
  private subscriber?: Redis;
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Per user, the SUBSCRIBE every listener of that user waits for before reading the log. */
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private readonly open = new Set<ServerResponse>();
  /** Streams on this instance by id, each with the function that ends it. */
  private readonly ends = new Map<string, (reason: StreamEndReason) => void>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
    private readonly store: InboxStreamStore,
    private readonly log: InboxLogStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(INBOX_CONFIG) private readonly options: InboxConfig,
    private readonly clock: Clock,
  ) {}

  /** Logs the item and sends it to the user's open streams on every instance; resolves to how many instances listen. */
  publish({ userId, item }: InboxDelivery): Promise<number> {
    return this.log.append(userId, item.id, JSON.stringify(item), this.store.channelOf(userId));
  }

  /**
   * Serves one stream of the user's items over `response` until either side ends it: after
   * `lastEventId` (an item id) the missed ones first, or `resync` when they cannot be told.
   */
  async serve(
    caller: UserPrincipal,
    response: ServerResponse,
    headers: OutgoingHttpHeaders,
    lastEventId?: string,
  ): Promise<void> {
    const { userId } = caller;
    const streamId = randomUUID();
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Stops nginx and similar proxies from buffering the stream.
      'x-accel-buffering': 'no',
    });
    this.open.add(response);
    const send = (text: string) => {
      if (response.writableLength > this.options.maxBufferedBytes) {
        this.logger.warn({ userId }, 'inbox stream client too slow; disconnecting');
        response.destroy();
        return;
      }
      response.write(text);
    };
    const order = new StreamOrder(({ itemId, data }) =>
      send(`id: ${itemId}\nevent: notification\ndata: ${data}\n\n`),
    );
    const listener: Listener = (item) => order.live(item);
    const end = (reason: StreamEndReason) => {
      if (response.writableEnded || response.destroyed) return;
      response.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    };
    this.ends.set(streamId, end);
    const heartbeat = setInterval(() => {
      send(': heartbeat\n\n');
      void this.stillValid(caller).then((refusal) => refusal && end(refusal));
    }, this.options.heartbeatMs);
    // setTimeout holds at most 2^31 - 1 ms; tokens never live that long.
    const expiry = setTimeout(
      () => end('token-expired'),
      Math.min(Math.max(0, caller.expiresAt.getTime() - this.clock.now().getTime()), 2 ** 31 - 1),
    );
    // The client may leave while the subscription is being set up: whichever comes second ends it.
    const subscription: { end?: () => Promise<void>; closed?: boolean } = {};
    response.once('close', () => {
      subscription.closed = true;
      clearInterval(heartbeat);
      clearTimeout(expiry);
      this.open.delete(response);
      this.ends.delete(streamId);
      void subscription
        .end?.()
        .catch((error: Error) => this.logger.warn(`unsubscribe failed: ${error.message}`));
      void this.store
        .unregister(userId, streamId)
        .catch((error: Error) => this.logger.warn(`stream not unregistered: ${error.message}`));
    });
    try {
      subscription.end = await this.subscribe(userId, listener);
    } catch (error) {
      // The response is already streaming: no problem document can follow; the client reconnects.
      this.logger.warn({ userId, reason: (error as Error).message }, 'inbox stream could not subscribe');
      response.end();
      return;
    }
    if (subscription.closed) {
      await subscription.end();
      return;
    }
    await this.enforceLimit(userId, streamId);
    const replay = lastEventId ? await this.replay(userId, lastEventId) : [];
    if (subscription.closed) return;
    // Tells the client that items from now on will arrive.
    send(`retry: ${RETRY_MS}\n: connected\n\n`);
    if (typeof replay === 'string') send(`event: resync\ndata: ${JSON.stringify({ reason: replay })}\n\n`);
    order.release(typeof replay === 'string' ? [] : replay);
  }

  /** The user's items after `lastEventId`, or why they cannot be told. */
  private async replay(userId: string, lastEventId: string): Promise<LoggedItem[] | ResyncReason> {
    if (!ITEM_ID.test(lastEventId)) return 'unknown-id';
    try {
      return (await this.log.after(userId, lastEventId)) ?? 'unknown-id';
    } catch (error) {
      this.logger.warn({ userId, reason: (error as Error).message }, 'inbox stream replay not read');
      return 'replay-unavailable';
    }
  }

  /** Ends the user's oldest streams, on any instance, beyond the newest maxStreamsPerUser. */
  private async enforceLimit(userId: string, streamId: string): Promise<void> {
    try {
      const ttlMs = this.config.security.maxTokenAgeS * 1000;
      const evicted = await this.store.register(
        userId,
        streamId,
        this.clock.now().getTime(),
        this.options.maxStreamsPerUser,
        ttlMs,
      );
      if (evicted.length === 0) return;
      const message: CloseStreams = { closeStreams: evicted };
      await this.store.announce(userId, JSON.stringify(message));
    } catch (error) {
      this.logger.warn({ userId, reason: (error as Error).message }, 'inbox stream limit not applied');
    }
  }

  /** Undefined while the token stands; fails closed when Redis cannot say. */
  private async stillValid(caller: UserPrincipal): Promise<StreamEndReason | undefined> {
    try {
      const revocation = await readRevocation(this.redis, this.namespace, {
        jti: caller.tokenId,
        userId: caller.userId,
        issuedAt: Math.floor(caller.issuedAt.getTime() / 1000),
      });
      return revocation ? 'token-revoked' : undefined;
    } catch {
      return 'revocation-unknown';
    }
  }

  /** Adds a listener for the user's items; the returned function removes it. */
  async subscribe(userId: string, listener: Listener): Promise<() => Promise<void>> {
    const channel = this.store.channelOf(userId);
    let listeners = this.listeners.get(userId);
    const first = !listeners;
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(userId, listeners);
    }
    listeners.add(listener);
    // Decided synchronously, so SUBSCRIBE and UNSUBSCRIBE reach Redis in the order of the changes.
    if (first) this.subscribed.set(userId, this.subscriberClient().subscribe(channel));
    let removed = false;
    const remove = async () => {
      if (removed) return;
      removed = true;
      const current = this.listeners.get(userId);
      current?.delete(listener);
      if (current && current.size === 0) {
        this.listeners.delete(userId);
        this.subscribed.delete(userId);
        if (this.subscriber?.status === 'ready') await this.subscriber.unsubscribe(channel);
      }
    };
    // A later listener waits for the same SUBSCRIBE: reading the log before it stands leaves a gap.
    await this.subscribed.get(userId)?.catch(async (error: Error) => {
      await remove();
      throw error;
    });
    return remove;
  }

  /** Open streams on this instance. */
  get connections(): number {
    return this.open.size;
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const response of this.open) response.end();
    this.open.clear();
    this.ends.clear();
    this.listeners.clear();
    this.subscribed.clear();
    if (this.subscriber?.status === 'ready') await this.subscriber.quit();
    else this.subscriber?.disconnect();
  }

  private subscriberClient(): Redis {
    if (!this.subscriber) {
      // A connection in subscriber mode can do nothing else, so it is separate from the shared one.
      // Commands wait for it while it connects; it resubscribes by itself after reconnecting.
      this.subscriber = createRedisClient(
        this.config.redis,
        `orion-${this.config.service}-inbox-stream`,
        { enableOfflineQueue: true, maxRetriesPerRequest: null },
        InboxStreamService.name,
      );
      this.subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
    }
    return this.subscriber;
  }

  private dispatch(channel: string, message: string): void {
    const listeners = this.listeners.get(channel.slice(this.store.channelOf('').length));
    if (!listeners) return;
    let parsed: PublishedItem | CloseStreams;
    try {
      parsed = JSON.parse(message) as PublishedItem | CloseStreams;
    } catch {
      this.logger.warn({ channel }, 'malformed inbox message dropped');
      return;
    }
    if ('closeStreams' in parsed) {
      for (const id of parsed.closeStreams) this.ends.get(id)?.('stream-limit');
      return;
    }
    const item: LoggedItem = {
      entry: parsed.entry,
      itemId: parsed.item.id,
      data: JSON.stringify(parsed.item),
    };
    for (const listener of listeners) listener(item);
  }
}
