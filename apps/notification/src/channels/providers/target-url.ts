import { isIP } from 'node:net';
import { PermanentDeliveryError } from '../channel-provider';

function isPrivateAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost') || bare.endsWith('.internal')) return true;
  const version = isIP(bare);
  if (version === 4) {
    const [a, b] = bare.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (version === 6) {
    return (
      bare === '::1' ||
      bare === '::' ||
      /^f[cd]/.test(bare) ||
      /^fe[89ab]/.test(bare) ||
      bare.startsWith('::ffff:')
    );
  }
  return false;
}

/**
 * Whether a caller-supplied URL may receive our requests. Without allowPrivate (production) only
 * https to public host names and addresses is accepted, so a webhook cannot reach internal
 * services by a literal address; name resolution is left to the network's egress rules.
 */
export function targetUrlProblem(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'must use https';
  if (url.username || url.password) return 'must not carry credentials';
  if (!allowPrivate && isPrivateAddress(url.hostname))
    return 'must not point to a private or loopback address';
  return undefined;
}

export function assertTargetUrl(raw: string, allowPrivate: boolean): URL {
  const problem = targetUrlProblem(raw, allowPrivate);
  if (problem) throw new PermanentDeliveryError(`recipient URL ${problem}`, { code: 'INVALID_URL' });
  return new URL(raw);
}
