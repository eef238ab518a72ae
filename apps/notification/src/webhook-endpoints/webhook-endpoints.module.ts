import { Module } from '@nestjs/common';
import { ChannelsConfigModule } from '../channels/channels-config.module';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** Registered webhook endpoints and their secrets; the routes are in WebhookEndpointsApiModule. */
@Module({
  imports: [ChannelsConfigModule],
  providers: [WebhookEndpointsService, WebhookEndpointsRepository],
  exports: [WebhookEndpointsService],
})
export class WebhookEndpointsModule {}
