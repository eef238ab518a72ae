import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { NOTIFICATION_BATCH_QUEUE } from '@orion/contracts';
import { TransportModule } from '@orion/core';
import { ChannelsModule } from '../channels/channels.module';
import { DeliveryConfigModule } from '../delivery/delivery-config.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OwnershipModule } from '../ownership/ownership.module';
import { TemplatesModule } from '../templates/templates.module';
import { BatchAudienceService } from './batch-audience.service';
import { BatchExpansionService } from './batch-expansion.service';
import { BatchProgressRepository } from './batch-progress.repository';
import { BatchQueueService } from './batch-queue.service';
import { BATCHES_CONFIG, loadBatchesConfig } from './batches.config';
import { BatchesController } from './batches.controller';
import { BatchesProcessor } from './batches.processor';
import { BatchesRepository } from './batches.repository';
import { BatchesService } from './batches.service';

/** Bulk sends: accepted over HTTP, expanded by a BullMQ worker, tracked until every message settles. */
@Module({
  imports: [
    NotificationsModule,
    ChannelsModule,
    OwnershipModule,
    TemplatesModule,
    DeliveryConfigModule,
    TransportModule.forClients(['user']),
    BullModule.registerQueue({ name: NOTIFICATION_BATCH_QUEUE }),
  ],
  controllers: [BatchesController],
  providers: [
    { provide: BATCHES_CONFIG, useFactory: () => loadBatchesConfig() },
    BatchesRepository,
    BatchAudienceService,
    BatchProgressRepository,
    BatchesService,
    BatchExpansionService,
    BatchQueueService,
    BatchesProcessor,
  ],
})
export class BatchesModule {}
