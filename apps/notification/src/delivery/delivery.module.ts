import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { NOTIFICATION_QUEUES } from '@orion/contracts';
import { SERVICE_CONFIG, ServiceConfig } from '@orion/core';
import { ChannelsModule } from '../channels/channels.module';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { PreferencesModule } from '../preferences/preferences.module';
import { DELIVERY_CONFIG, loadDeliveryConfig } from './delivery-config';
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
      imports: [DeliveryConfigModule],
      inject: [SERVICE_CONFIG, DELIVERY_CONFIG],
      useFactory: (service: ServiceConfig, delivery: ReturnType<typeof loadDeliveryConfig>) => ({
        // Queues fail fast while Redis is down (the row stays waiting and the recovery sweep queues it
        // later) instead of holding the HTTP request; workers keep their patient connections.
        connection: { ...bullConnection(service.redis), enableOfflineQueue: false },
        prefix: delivery.queuePrefix,
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
