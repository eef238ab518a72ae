import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { createRedisClient, REDIS_CLIENT, SERVICE_CONFIG, ServiceConfig } from '@orion/core';
import type Redis from 'ioredis';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { INBOX_CONFIG, InboxConfig } from './inbox-config';
import type { InboxDelivery, InboxItem } from './inbox.types';

type Listener = (item: InboxItem) => void;

const CHANNEL_PREFIX = 'orion:inbox:';
// Browsers wait this long before reconnecting after the stream drops.
const RETRY_MS = 3000;

/**
 * New inbox items, live. Every instance publishes to a Redis channel per user and subscribes to
 * the channels of the users connected to it, so an item reaches the user's streams whichever
 * instance delivered it. Streams are server-sent events (text/event-stream).
 */
@Injectable()
export class InboxStreamService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InboxStreamService.name);
  private subscriber?: Redis;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly open = new Set<ServerResponse>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(INBOX_CONFIG) private readonly options: InboxConfig,
  ) {}

  /** Sends the item to the user's open streams on every instance; resolves to how many instances listen. */
  publish({ userId, item }: InboxDelivery): Promise<number> {
    return this.redis.publish(CHANNEL_PREFIX + userId, JSON.stringify(item));
  }

  /** Serves one stream of the user's new items over `response` until either side ends it. */
  async serve(userId: string, response: ServerResponse, headers: OutgoingHttpHeaders): Promise<void> {
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
    const listener: Listener = (item) =>
      send(`id: ${item.id}\nevent: notification\ndata: ${JSON.stringify(item)}\n\n`);
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), this.options.heartbeatMs);
    // The client may leave while the subscription is being set up: whichever comes second ends it.
    const subscription: { end?: () => Promise<void>; closed?: boolean } = {};
    response.once('close', () => {
      subscription.closed = true;
      clearInterval(heartbeat);
      this.open.delete(response);
      void subscription
        .end?.()
        .catch((error: Error) => this.logger.warn(`unsubscribe failed: ${error.message}`));
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
    // Tells the client that items from now on will arrive.
    send(`retry: ${RETRY_MS}\n: connected\n\n`);
  }

  /** Adds a listener for the user's items; the returned function removes it. */
  async subscribe(userId: string, listener: Listener): Promise<() => Promise<void>> {
    const channel = CHANNEL_PREFIX + userId;
    let listeners = this.listeners.get(userId);
    const first = !listeners;
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(userId, listeners);
    }
    listeners.add(listener);
    // Decided synchronously, so SUBSCRIBE and UNSUBSCRIBE reach Redis in the order of the changes.
    if (first) await this.subscriberClient().subscribe(channel);
    let removed = false;
    return async () => {
      if (removed) return;
      removed = true;
      const current = this.listeners.get(userId);
      current?.delete(listener);
      if (current && current.size === 0) {
        this.listeners.delete(userId);
        if (this.subscriber?.status === 'ready') await this.subscriber.unsubscribe(channel);
      }
    };
  }

  /** Open streams on this instance. */
  get connections(): number {
    return this.open.size;
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const response of this.open) response.end();
    this.open.clear();
    this.listeners.clear();
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
    const listeners = this.listeners.get(channel.slice(CHANNEL_PREFIX.length));
    if (!listeners) return;
    let item: InboxItem;
    try {
      item = JSON.parse(message) as InboxItem;
    } catch {
      this.logger.warn({ channel }, 'malformed inbox message dropped');
      return;
    }
    for (const listener of listeners) listener(item);
  }
}
