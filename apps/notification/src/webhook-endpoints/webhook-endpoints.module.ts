import { Module } from '@nestjs/common';
import { ChannelsConfigModule } from '../channels/channels-config.module';
import { OwnershipModule } from '../ownership/ownership.module';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';

@Module({
  imports: [ChannelsConfigModule, OwnershipModule],
  controllers: [WebhookEndpointsController],
  providers: [WebhookEndpointsService, WebhookEndpointsRepository],
  exports: [WebhookEndpointsService],
})
export class WebhookEndpointsModule {}
