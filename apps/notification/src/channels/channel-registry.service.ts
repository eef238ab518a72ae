import { Injectable } from '@nestjs/common';
import type { ChannelProvider, ProviderRegistration } from './channel-provider';
import type { Channel } from '../notifications/notifications.types';

const DEFAULT_PRIORITY = 100;

interface Entry {
  provider: ChannelProvider;
  priority: number;
  order: number;
}

/** Every provider that can carry messages, per channel, in the order the dispatcher tries them. */
@Injectable()
export class ChannelRegistryService {
  private readonly entries: Entry[] = [];

  /** Adds a provider; a second provider with the same channel and name replaces the first. */
  register(provider: ChannelProvider, options: ProviderRegistration = {}): void {
    const existing = this.entries.findIndex(
      (e) => e.provider.channel === provider.channel && e.provider.name === provider.name,
    );
    if (existing >= 0) this.entries.splice(existing, 1);
    this.entries.push({
      provider,
      priority: options.priority ?? DEFAULT_PRIORITY,
      order: this.entries.length,
    });
  }

  /** The channel's providers, lowest priority number first, then in registration order. */
  providersFor(channel: Channel): ChannelProvider[] {
    return this.entries
      .filter((e) => e.provider.channel === channel)
      .sort((a, b) => a.priority - b.priority || a.order - b.order)
      .map((e) => e.provider);
  }

  channels(): Channel[] {
    return [...new Set(this.entries.map((e) => e.provider.channel))];
  }
}
