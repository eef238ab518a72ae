import { Module } from '@nestjs/common';
import { PushSubscriptionsModule } from '../push-subscriptions/push-subscriptions.module';
import { WebhookEndpointsModule } from '../webhook-endpoints/webhook-endpoints.module';
import { BuiltInProviders } from './built-in-providers';
import { ChannelAvailabilityService } from './channel-availability.service';
import { ChannelDispatcher } from './channel-dispatcher';
import { ChannelRegistry } from './channel-registry';
import { ChannelsConfigModule } from './channels-config.module';
import { OutboundHttpClient } from './outbound/outbound-http.client';

/**
 * Delivery over every channel. Exports ChannelDispatcher (what the delivery worker calls),
 * ChannelRegistry (where other features register providers, e.g. IN_APP) and
 * ChannelAvailabilityService (what sending asks before it accepts a channel).
 */
@Module({
  imports: [ChannelsConfigModule, WebhookEndpointsModule, PushSubscriptionsModule],
  providers: [
    ChannelRegistry,
    ChannelDispatcher,
    ChannelAvailabilityService,
    BuiltInProviders,
    OutboundHttpClient,
  ],
  exports: [
    ChannelRegistry,
    ChannelDispatcher,
    ChannelAvailabilityService,
    ChannelsConfigModule,
    OutboundHttpClient,
  ],
})
export class ChannelsModule {}
