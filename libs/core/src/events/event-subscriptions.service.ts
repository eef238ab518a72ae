import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import type { EventContract } from '@orion/contracts';
import type { Logger as PinoInstance } from 'pino';
import { SERVICE_CONFIG, ServiceConfig } from '../config/service-config';
import { ROOT_LOGGER } from '../logging/logging.module';
import { RedisNamespace } from '../redis/redis-namespace';
import { TrustedKeyring } from '../transport/message-signing';
import { EventConsumer } from './event-consumer';
import { EventDispatcher, EventSubscription } from './event-dispatcher';
import { eventStreamName } from './event-stream';
import { Inbox } from './inbox.repository';
import { EVENT_HANDLER_METADATA, EventHandler } from './on-event.decorator';
import { createStreamReaderClient } from './stream-reader-client';

const MAX_CONSUMER_KEY_LENGTH = 100;

/**
 * Finds the @OnEvent methods of the app's providers and controllers at boot and, when there are
 * any, runs one stream consumer for them; a service without handlers opens no connection.
 */
@Injectable()
export class EventSubscriptions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('EventConsumer');
  private consumer: EventConsumer | undefined;

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(Inbox) private readonly inbox: Inbox,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {}

  onApplicationBootstrap(): void {
    const subscriptions = this.discover();
    if (subscriptions.size === 0) return;
    const { service, events, redis } = this.config;
    const consumerName = `${service}-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    const client = createStreamReaderClient(redis, `orion-${service}-events`);
    const dispatcher = new EventDispatcher({
      group: service,
      redis: client,
      namespace: this.namespace,
      inbox: this.inbox,
      subscriptions,
      maxDeliveries: events.maxDeliveries,
      streamMaxLength: events.streamMaxLength,
      keyring: new TrustedKeyring(this.config.transport.trustedKeys),
      rootLogger: this.moduleRef.get<PinoInstance>(ROOT_LOGGER, { strict: false }),
    });
    this.consumer = new EventConsumer({
      group: service,
      consumerName,
      streams: [...subscriptions.keys()],
      redis: client,
      dispatcher,
      claimIdleMs: events.claimIdleMs,
      trimIntervalMs: events.streamTrimIntervalMs,
    });
    this.consumer.start();
    this.logger.log(`Consuming ${[...subscriptions.keys()].join(', ')} as ${consumerName}`);
  }

  /** Trims what every group acknowledged from this service's streams now (the loop does it too). */
  trimAcknowledged(): Promise<number> {
    return this.consumer?.trimAcknowledged() ?? Promise.resolve(0);
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  private discover(): Map<string, EventSubscription[]> {
    const subscriptions = new Map<string, EventSubscription[]>();
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = instance[method] as EventHandler<unknown>;
        const contract = Reflect.getMetadata(EVENT_HANDLER_METADATA, handler) as
          EventContract<unknown> | undefined;
        if (!contract) continue;
        const consumer = `${this.config.service}:${instance.constructor.name}.${method}`;
        if (consumer.length > MAX_CONSUMER_KEY_LENGTH) {
          throw new Error(
            `Event consumer key ${consumer} is longer than ${MAX_CONSUMER_KEY_LENGTH} characters`,
          );
        }
        const stream = eventStreamName(this.namespace, contract.name);
        const list = subscriptions.get(stream) ?? [];
        list.push({ contract, consumer, handler: handler.bind(instance) });
        subscriptions.set(stream, list);
      }
    }
    return subscriptions;
  }
}
