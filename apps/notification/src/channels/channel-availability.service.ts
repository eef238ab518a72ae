import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { NOTIFICATION_CHANNELS } from '@orion/contracts';
import { ChannelRegistryService } from './channel-registry.service';
import { ChannelNotConfiguredError } from './channels.errors';
import type { Channel } from '../notifications/notifications.types';

/** What an operator sets to give each channel a provider (built-in channels need nothing). */
const CONFIGURED_BY: Record<Channel, string> = {
  EMAIL: 'SMTP_HOST (with SMTP_PORT, SMTP_USER, SMTP_PASSWORD as the relay needs)',
  SMS: 'TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM, or VONAGE_API_KEY, VONAGE_API_SECRET and VONAGE_FROM',
  PUSH: 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (npx web-push generate-vapid-keys)',
  IN_APP: 'nothing (built in)',
  WEBHOOK: 'nothing (built in)',
  SLACK: 'nothing (built in)',
  DISCORD: 'nothing (built in)',
};

/**
 * Which channels have a provider. A send on one without is refused before anything is stored
 * (422 CHANNEL_NOT_CONFIGURED) rather than accepted and failed by the worker; the boot log says
 * which channels those are and what would configure them.
 */
@Injectable()
export class ChannelAvailabilityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ChannelAvailabilityService.name);

  constructor(private readonly registry: ChannelRegistryService) {}

  // After every module's onModuleInit, so providers registered by other features count.
  onApplicationBootstrap(): void {
    for (const channel of this.unconfigured(NOTIFICATION_CHANNELS)) {
      this.logger.warn(
        `${channel} is not configured: sends on it are refused (422 CHANNEL_NOT_CONFIGURED); set ${CONFIGURED_BY[channel]}`,
      );
    }
  }

  unconfigured(channels: readonly Channel[]): Channel[] {
    return channels.filter((channel) => this.registry.providersFor(channel).length === 0);
  }

  /** Channels the caller named: every one must have a provider. */
  requireConfigured(channels: readonly Channel[]): void {
    const missing = this.unconfigured(channels);
    if (missing.length > 0) throw new ChannelNotConfiguredError(missing);
  }

  /** Channels implied by a template or the addresses: those with a provider; none left is refused. */
  keepConfigured(channels: readonly Channel[]): Channel[] {
    const missing = this.unconfigured(channels);
    if (channels.length > 0 && missing.length === channels.length)
      throw new ChannelNotConfiguredError(missing);
    return channels.filter((channel) => !missing.includes(channel));
  }
}
