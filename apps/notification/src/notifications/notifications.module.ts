import { Module } from '@nestjs/common';
import { TransportModule } from '@orion/core';
import { ChannelsConfigModule } from '../channels/channels-config.module';
import { ChannelsModule } from '../channels/channels.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { TemplatesModule } from '../templates/templates.module';
import { WebhookEndpointsModule } from '../webhook-endpoints/webhook-endpoints.module';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { RecipientResolverService } from './recipient-resolver.service';
import { SendNotificationUseCase } from './send-notification.usecase';

/** Sending (HTTP and SendNotificationUseCase for other features), reading and cancelling notifications. */
@Module({
  imports: [
    DeliveryModule,
    TemplatesModule,
    ChannelsConfigModule,
    ChannelsModule,
    WebhookEndpointsModule,
    TransportModule.forClients(['user']),
  ],
  controllers: [NotificationsController],
  providers: [SendNotificationUseCase, NotificationsService, RecipientResolverService],
  exports: [SendNotificationUseCase],
})
export class NotificationsModule {}
