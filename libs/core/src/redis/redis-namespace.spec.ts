import { RedisNamespace } from './redis-namespace';

describe('RedisNamespace', () => {
  const orion = new RedisNamespace('orion');

  it('puts the namespace first in every key, channel and queue prefix', () => {
    expect(orion.key('auth', 'mfa-challenge', 'abc')).toBe('orion:auth:mfa-challenge:abc');
    expect(orion.channel('inbox', 'u1')).toBe('orion:inbox:u1');
    expect(orion.commandChannel('user.contacts.get.v1')).toBe('orion:commands:user.contacts.get.v1');
    expect(orion.replyChannel('user.contacts.get.v1')).toBe('orion:commands:user.contacts.get.v1.reply');
    expect(orion.queuePrefix).toBe('orion');
  });

  it('reads the pattern back only from its own command channels', () => {
    expect(orion.patternOfCommandChannel('orion:commands:user.contacts.get.v1')).toBe('user.contacts.get.v1');
    // A namespace that merely starts with the same letters is another installation.
    expect(orion.patternOfCommandChannel('orion-2:commands:user.contacts.get.v1')).toBeUndefined();
    expect(orion.patternOfCommandChannel('user.contacts.get.v1')).toBeUndefined();
    expect(orion.patternOfCommandChannel('orion:inbox:u1')).toBeUndefined();
  });
});
