import { DynamicModule, Module, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EVENT_DATABASE, EventDatabase } from './event-database';
import { EventPublisher } from './event-publisher.service';
import { EventSubscriptions } from './event-subscriptions.service';
import { Inbox } from './inbox.repository';
import { OutboxRelay } from './outbox.relay';
import { OutboxRetention } from './outbox-retention.sweeper';

/**
 * Durable events for a service: EventPublisher writes to the outbox, the relay publishes it,
 * and @OnEvent handlers consume it. Import it after CoreModule, which provides the PrismaService.
 */
@Module({})
export class EventsModule {
  static forService({ prisma }: { prisma: Type<EventDatabase> }): DynamicModule {
    return {
      module: EventsModule,
      // Global so any feature can inject EventPublisher; its loops stop before the database closes.
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: EVENT_DATABASE, useExisting: prisma },
        EventPublisher,
        Inbox,
        OutboxRelay,
        OutboxRetention,
        EventSubscriptions,
      ],
      exports: [EventPublisher, Inbox, OutboxRelay, OutboxRetention, EventSubscriptions],
    };
  }
}
