import { Module } from '@nestjs/common';
import { PushSubscriptionsModule } from '../push-subscriptions/push-subscriptions.module';
import { WebhookEndpointsModule } from '../webhook-endpoints/webhook-endpoints.module';
import { BuiltInProvidersService } from './built-in-providers.service';
import { ChannelAvailabilityService } from './channel-availability.service';
import { ChannelDispatcherService } from './channel-dispatcher.service';
import { ChannelRegistryService } from './channel-registry.service';
import { ChannelsConfigModule } from './channels-config.module';
import { OutboundHttpClient } from './outbound/outbound-http.client';
import { ProviderRateLimitStore } from './provider-rate-limit.store';

/**
 * Delivery over every channel. Exports ChannelDispatcherService (what the delivery worker calls),
 * ChannelRegistryService (where other features register providers, e.g. IN_APP) and
 * ChannelAvailabilityService (what sending asks before it accepts a channel).
 */
@Module({
  imports: [ChannelsConfigModule, WebhookEndpointsModule, PushSubscriptionsModule],
  providers: [
    ChannelRegistryService,
    ChannelDispatcherService,
    ProviderRateLimitStore,
    ChannelAvailabilityService,
    BuiltInProvidersService,
    OutboundHttpClient,
  ],
  exports: [
    ChannelRegistryService,
    ChannelDispatcherService,
    ChannelAvailabilityService,
    ChannelsConfigModule,
    OutboundHttpClient,
  ],
})
export class ChannelsModule {}
