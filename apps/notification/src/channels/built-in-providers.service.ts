import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Clock } from '@orion/core';
import { PushSubscriptionsService } from '../push-subscriptions/push-subscriptions.service';
import { WebhookEndpointsService } from '../webhook-endpoints/webhook-endpoints.service';
import { ChannelRegistryService } from './channel-registry.service';
import { CHANNELS_CONFIG, ChannelsConfig } from './channels.config';
import { OutboundHttpClient } from './outbound/outbound-http.client';
import { DevOutboxProvider } from './providers/dev-outbox.provider';
import { DiscordWebhookProvider } from './providers/discord-webhook.provider';
import { SlackWebhookProvider } from './providers/slack-webhook.provider';
import { SmtpEmailProvider } from './providers/smtp-email.provider';
import { StandardWebhookProvider } from './providers/standard-webhook.provider';
import { TwilioSmsProvider } from './providers/twilio-sms.provider';
import { VonageSmsProvider } from './providers/vonage-sms.provider';
import { WebPushProvider } from './providers/web-push.provider';

/**
 * Registers every provider the configuration enables, in failover order: the primary SMTP
 * relay before the secondary, Twilio before Vonage. Unconfigured providers are left out; in
 * development an SMS or push channel without one gets the outbox (e-mails to the mail catcher).
 */
@Injectable()
export class BuiltInProvidersService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BuiltInProvidersService.name);
  private readonly relays: SmtpEmailProvider[] = [];

  constructor(
    private readonly registry: ChannelRegistryService,
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
    private readonly webhookEndpoints: WebhookEndpointsService,
    private readonly pushSubscriptions: PushSubscriptionsService,
    private readonly http: OutboundHttpClient,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const { config } = this;
    const timeout = config.httpTimeoutMs;
    // Every provider that calls a caller-chosen URL goes through the one OutboundHttpClient; the
    // SMS APIs and SMTP relays are at fixed hosts the operator configures.
    const { outbound } = config;
    const { http, clock } = this;
    config.email.relays.forEach((relay, index) => {
      const provider = new SmtpEmailProvider(relay, config.email.from, config.email.timeoutMs);
      this.relays.push(provider);
      this.registry.register(provider, { priority: 10 * (index + 1) });
    });
    if (config.twilio)
      this.registry.register(new TwilioSmsProvider(config.twilio, timeout, clock), { priority: 10 });
    if (config.vonage)
      this.registry.register(new VonageSmsProvider(config.vonage, timeout, clock), { priority: 20 });
    if (config.vapid) {
      this.registry.register(
        new WebPushProvider(config.vapid, this.pushSubscriptions, timeout, outbound, http, clock),
      );
    }
    if (config.devOutbox) this.registerDevOutbox(!config.twilio && !config.vonage, !config.vapid);
    this.registry.register(
      new StandardWebhookProvider(this.webhookEndpoints, timeout, outbound, http, clock),
    );
    this.registry.register(new SlackWebhookProvider(timeout, outbound, http, clock));
    this.registry.register(new DiscordWebhookProvider(timeout, outbound, http, clock));
  }

  private registerDevOutbox(sms: boolean, push: boolean): void {
    const channels = [...(sms ? (['SMS'] as const) : []), ...(push ? (['PUSH'] as const) : [])];
    for (const channel of channels) this.registry.register(new DevOutboxProvider(channel, this.relays[0]!));
    if (channels.length > 0) {
      this.logger.log(
        `${channels.join(' and ')} go to the development outbox: e-mails to ${this.relays[0]!.name}`,
      );
    }
  }

  onModuleDestroy(): void {
    for (const relay of this.relays) relay.close();
  }
}
