import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { NOTIFICATION_QUEUES } from '@orion/contracts';
import { RedisNamespace, SERVICE_CONFIG, ServiceConfig } from '@orion/core';
import { ChannelsModule } from '../channels/channels.module';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { PreferencesModule } from '../preferences/preferences.module';
import { DeliveryConfigModule } from './delivery-config.module';
import { bullConnection, DeliveryQueues, PRIORITIES } from './delivery-queues';
import { DeliveryRecovery } from './delivery-recovery';
import { DeliveryScheduler } from './delivery-scheduler';
import { DeliveryWorkers } from './delivery-workers';
import { DeliveryProcessor } from './delivery.processor';

/**
 * Queues, workers and the processor that take stored notifications to the channels. Exports the
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
    BullModule.registerQueue(...PRIORITIES.map((priority) => ({ name: NOTIFICATION_QUEUES[priority] }))),
  ],
  providers: [
    NotificationsRepository,
    DeliveryQueues,
    DeliveryScheduler,
    DeliveryProcessor,
    DeliveryWorkers,
    DeliveryRecovery,
  ],
  exports: [NotificationsRepository, DeliveryQueues, DeliveryScheduler, DeliveryConfigModule],
})
export class DeliveryModule {}
