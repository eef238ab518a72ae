import { addressBucket } from './address-bucket';

describe('addressBucket', () => {
  it('counts every address of one IPv6 /64 as one subject, and another /64 apart', () => {
    expect(addressBucket('2001:db8:1:2::1', 64)).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:0db8:0001:0002:ffff:ffff:ffff:ffff', 64)).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:3::1', 64)).toBe('2001:db8:1:3::/64');
  });

  it('takes the configured prefix length, including ones that cut inside a byte', () => {
    expect(addressBucket('2001:db8:1:2ff::1', 56)).toBe('2001:db8:1:200::/56');
    expect(addressBucket('2001:db8:abcd:1234::1', 52)).toBe('2001:db8:abcd:1000::/52');
    expect(addressBucket('2001:db8::7', 128)).toBe('2001:db8::7/128');
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address, and IPv4 addresses alone', () => {
    expect(addressBucket('::ffff:203.0.113.7', 64)).toBe('203.0.113.7');
    expect(addressBucket('203.0.113.7', 64)).toBe('203.0.113.7');
    expect(addressBucket('203.0.113.8', 64)).toBe('203.0.113.8');
  });

  it('ignores a zone id and keeps anything that is not an address as it is', () => {
    expect(addressBucket('fe80::1%eth0', 64)).toBe('fe80::/64');
    expect(addressBucket('unknown', 64)).toBe('unknown');
  });
});
