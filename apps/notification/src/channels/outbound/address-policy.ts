import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * The range an address falls in: 'unicast' for an ordinary public address, otherwise the name
 * of the special range (ipaddr.js's names: loopback, private, linkLocal, carrierGradeNat,
 * uniqueLocal, multicast, unspecified, broadcast, reserved, …). IPv6 forms that carry an IPv4
 * address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, translated, NAT64 64:ff9b::/96, 6to4)
 * are judged by the IPv4 address they carry, so [::ffff:127.0.0.1] is loopback.
 */
export function addressRange(address: string): string {
  const parsed = parse(address);
  if (!parsed) return 'invalid';
  return rangeOf(parsed);
}

/** Ranges the private-network allowance opens (never multicast, broadcast, unspecified, reserved). */
const PRIVATE_USE = new Set(['loopback', 'private', 'linkLocal', 'uniqueLocal', 'carrierGradeNat']);

export interface AddressPolicyOptions {
  /** Also allow loopback, private, link-local, unique-local and CGNAT addresses (never production). */
  allowPrivateNetworks: boolean;
  /** CIDRs allowed whatever their range (e.g. one internal receiver in a staging network). */
  allowedCidrs: readonly string[];
}

/** Which addresses outbound requests to caller-chosen URLs may connect to. */
export class AddressPolicy {
  private readonly cidrs: [Address, number][];

  constructor(private readonly options: AddressPolicyOptions) {
    this.cidrs = options.allowedCidrs.map((cidr) => parseCidr(cidr));
  }

  /** Whether a connection to this address (IPv4 or IPv6 text, brackets allowed) is permitted. */
  permits(address: string): boolean {
    const parsed = parse(address);
    if (!parsed) return false;
    const range = rangeOf(parsed);
    if (range === 'unicast') return true;
    if (this.options.allowPrivateNetworks && PRIVATE_USE.has(range)) return true;
    const candidates = [parsed, embeddedIPv4(parsed)].filter((a): a is Address => a !== undefined);
    return candidates.some((candidate) =>
      this.cidrs.some(([base, bits]) => candidate.kind() === base.kind() && candidate.match(base, bits)),
    );
  }
}

/** A CIDR ("10.0.0.0/8", "fd00::/8") or a single address; throws on anything else. */
export function parseCidr(text: string): [Address, number] {
  const trimmed = text.trim();
  if (trimmed.includes('/')) return ipaddr.parseCIDR(trimmed);
  const address = parse(trimmed);
  if (!address) throw new Error(`"${text}" is not an address or CIDR`);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

function parse(text: string): Address | undefined {
  const bare = text.replace(/^\[|\]$/g, '');
  // isValid accepts shorthand like "1" or "0x7f.1"; only the canonical forms a resolver or URL
  // parser produces are addresses here, anything else is refused.
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare)) return undefined;
  try {
    return ipaddr.parse(bare);
  } catch {
    return undefined;
  }
}

function rangeOf(address: Address): string {
  const embedded = embeddedIPv4(address);
  if (embedded) return embedded.range();
  // Teredo and NAT64 local-use (64:ff9b:1::/48) hide an address we cannot judge: never 'unicast'.
  return address.range();
}

/** The IPv4 address an IPv6 form carries, if it is one of the forms that carry one. */
function embeddedIPv4(address: Address): ipaddr.IPv4 | undefined {
  if (address.kind() !== 'ipv6') return undefined;
  const v6 = address as ipaddr.IPv6;
  const p = v6.parts;
  const fromLow = () => new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return fromLow();
  if (range === '6to4') return new ipaddr.IPv4([p[1]! >> 8, p[1]! & 0xff, p[2]! >> 8, p[2]! & 0xff]);
  if (range === 'rfc6052' && p.slice(2, 6).every((part) => part === 0)) return fromLow();
  // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks); :: and ::1 are their own.
  if (p.slice(0, 6).every((part) => part === 0) && range !== 'unspecified' && range !== 'loopback') {
    return fromLow();
  }
  return undefined;
}
