import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { NOTIFICATION_PRIORITIES, NOTIFICATION_QUEUES } from '@orion/contracts';
import { RedisNamespace, SERVICE_CONFIG, ServiceConfig } from '@orion/core';
import { ChannelsModule } from '../channels/channels.module';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { PreferencesModule } from '../preferences/preferences.module';
import { DeliveryConfigModule } from './delivery-config.module';
import { bullConnection, DeliveryQueuesService } from './delivery-queues.service';
import { DeliveryRecoverySweeper } from './delivery-recovery.sweeper';
import { DeliverySchedulerService } from './delivery-scheduler.service';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryService } from './delivery.service';

/**
 * Queues, their workers and the delivery service that take stored notifications to the channels. Exports the
 * scheduler (what sending calls) and the repository the sending and reading features share.
 */
@Module({
  imports: [
    DeliveryConfigModule,
    ChannelsModule,
    PreferencesModule,
    BullModule.forRootAsync({
      inject: [SERVICE_CONFIG, RedisNamespace],
      useFactory: (service: ServiceConfig, namespace: RedisNamespace) => ({
        // Queues fail fast while Redis is down (the row stays waiting and the recovery sweep queues it
        // later) instead of holding the HTTP request; workers keep their patient connections.
        connection: { ...bullConnection(service.redis), enableOfflineQueue: false },
        prefix: namespace.queuePrefix,
      }),
    }),
    BullModule.registerQueue(
      ...NOTIFICATION_PRIORITIES.map((priority) => ({ name: NOTIFICATION_QUEUES[priority] })),
    ),
  ],
  providers: [
    NotificationsRepository,
    DeliveryQueuesService,
    DeliverySchedulerService,
    DeliveryService,
    DeliveryProcessor,
    DeliveryRecoverySweeper,
  ],
  exports: [NotificationsRepository, DeliveryQueuesService, DeliverySchedulerService, DeliveryConfigModule],
})
export class DeliveryModule {}
