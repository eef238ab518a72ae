import ipaddr from 'ipaddr.js';

/**
 * The subject an address is counted as. An IPv4 address (also written IPv4-mapped, ::ffff:a.b.c.d)
 * counts alone; an IPv6 address counts as its network of `ipv6Prefix` leading bits, because one
 * customer is routinely given a whole /64 (or /56, /48) and can pick any address inside it.
 * Anything that is not an address is counted as given.
 */
export function addressBucket(address: string, ipv6Prefix: number): string {
  const bare = address.trim().replace(/%.*$/, ''); // a zone id (fe80::1%eth0) names no other host
  if (!ipaddr.isValid(bare)) return address;
  const parsed = ipaddr.process(bare);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const bytes = parsed.toByteArray();
  for (let bit = ipv6Prefix; bit < 128; bit++) bytes[bit >> 3] &= ~(0x80 >> (bit & 7));
  return `${ipaddr.fromByteArray(bytes).toString()}/${ipv6Prefix}`;
}
