import { AddressPolicy, addressRange, parseCidr } from './address-policy';

const strict = new AddressPolicy({ allowPrivateNetworks: false, allowedCidrs: [] });

describe('addressRange and the strict policy', () => {
  it.each([
    // IPv4
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['240.0.0.1', 'reserved'],
    // IPv6
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['febf::1', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['100::1', 'discard'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b:1::1', 'rfc6052'],
    // IPv6 forms carrying an IPv4 address are judged by that address
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['::a9fe:a9fe', 'linkLocal'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
  ])('%s is %s and refused', (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(strict.permits(address)).toBe(false);
  });

  it.each([
    ['93.184.216.34'],
    ['8.8.8.8'],
    ['172.32.0.1'],
    ['100.128.0.1'],
    ['2606:4700::1111'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::8.8.8.8'],
  ])('%s is public unicast and permitted', (address) => {
    expect(addressRange(address)).toBe('unicast');
    expect(strict.permits(address)).toBe(true);
  });

  it.each([['localhost'], ['0x7f.1'], ['2130706433'], ['127.1'], [''], ['1.2.3.4.5']])(
    'refuses %j, which is not a canonical address',
    (text) => {
      expect(strict.permits(text)).toBe(false);
    },
  );
});

describe('the allowances', () => {
  it('allowPrivateNetworks opens private-use ranges only, never multicast, broadcast, unspecified, reserved', () => {
    const open = new AddressPolicy({ allowPrivateNetworks: true, allowedCidrs: [] });
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', '169.254.169.254', 'fd00::1', '100.64.0.1'])
      expect(open.permits(address)).toBe(true);
    for (const address of ['0.0.0.0', '::', '224.0.0.1', 'ff02::1', '255.255.255.255', '240.0.0.1'])
      expect(open.permits(address)).toBe(false);
  });

  it('allowedCidrs opens exactly the listed networks, also in their IPv4-mapped form', () => {
    const policy = new AddressPolicy({
      allowPrivateNetworks: false,
      allowedCidrs: ['127.0.0.2', '10.20.0.0/16', 'fd00:1::/32'],
    });
    expect(policy.permits('127.0.0.2')).toBe(true);
    expect(policy.permits('::ffff:127.0.0.2')).toBe(true);
    expect(policy.permits('127.0.0.1')).toBe(false);
    expect(policy.permits('10.20.5.5')).toBe(true);
    expect(policy.permits('10.21.0.1')).toBe(false);
    expect(policy.permits('fd00:1::5')).toBe(true);
    expect(policy.permits('fd00:2::5')).toBe(false);
  });

  it('parseCidr takes CIDRs and single addresses and throws on anything else', () => {
    expect(parseCidr('10.0.0.0/8')[1]).toBe(8);
    expect(parseCidr('127.0.0.2')[1]).toBe(32);
    expect(parseCidr('::1')[1]).toBe(128);
    expect(() => parseCidr('intranet')).toThrow();
    expect(() => parseCidr('10.0.0.0/33')).toThrow();
  });
});
