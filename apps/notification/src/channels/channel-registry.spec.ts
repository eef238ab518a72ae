import type { ChannelProvider } from './channel-provider';
import { ChannelRegistry } from './channel-registry';

const provider = (channel: ChannelProvider['channel'], name: string): ChannelProvider => ({
  channel,
  name,
  send: () => Promise.resolve({ provider: name }),
});

describe('ChannelRegistry', () => {
  it('orders a channel by priority, then registration, and replaces a provider registered twice', () => {
    const registry = new ChannelRegistry();
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
