import type { ChannelProvider } from './channel-provider';
import { ChannelRegistryService } from './channel-registry.service';

const provider = (channel: ChannelProvider['channel'], name: string): ChannelProvider => ({
  channel,
  name,
  send: () => Promise.resolve({ provider: name }),
});

describe('ChannelRegistryService', () => {
  it('orders a channel by priority, then registration, and replaces a provider registered twice', () => {
    const registry = new ChannelRegistryService();
    registry.register(provider('SMS', 'backup'), { priority: 20 });
    registry.register(provider('SMS', 'main'), { priority: 10 });
    registry.register(provider('SMS', 'late'));
    registry.register(provider('EMAIL', 'smtp'));
    registry.register(provider('SMS', 'backup'), { priority: 5 });
    expect(registry.providersFor('SMS').map((p) => p.name)).toEqual(['backup', 'main', 'late']);
    expect(registry.providersFor('PUSH')).toEqual([]);
    expect(registry.channels().sort()).toEqual(['EMAIL', 'SMS']);
  });
});
