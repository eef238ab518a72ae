import { isIP } from 'node:net';
import { PermanentDeliveryError } from '../channel-provider';
import { AddressPolicy } from '../outbound/address-policy';
import type { OutboundConfig } from '../outbound/outbound.config';

export const ADDRESS_PROBLEM = 'must not point to a private or loopback address';

function policyOf(outbound: OutboundConfig): AddressPolicy {
  return new AddressPolicy(outbound);
}

/** Names that always mean this machine or its private network, whatever a resolver says. */
function isLocalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal');
}

/**
 * Whether a caller-supplied URL may receive our requests, judged on the URL alone: https (http
 * only with OUTBOUND_ALLOW_HTTP), no credentials, and no literal address or local name the
 * address policy refuses. This is early feedback at registration; the check that holds is made
 * again on the resolved address at connect time (OutboundHttpClient).
 */
export function targetUrlProblem(raw: string, outbound: OutboundConfig): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && !(outbound.allowHttp && url.protocol === 'http:')) return 'must use https';
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const policy = policyOf(outbound);
  if (isIP(host) ? !policy.permits(host) : isLocalName(host) && !policy.permits('127.0.0.1')) {
    return ADDRESS_PROBLEM;
  }
  return undefined;
}

const DISCORD_WEBHOOK_PATH = /^\/api\/(v\d+\/)?webhooks\/\d+\/[\w-]+\/?$/;

/**
 * SLACK and DISCORD targets go to those services only: the host must be one of
 * SLACK_WEBHOOK_HOSTS / DISCORD_WEBHOOK_HOSTS, and a Discord URL must be a webhook path.
 */
export function chatTargetProblem(
  channel: 'SLACK' | 'DISCORD',
  raw: string,
  outbound: OutboundConfig,
): string | undefined {
  const problem = targetUrlProblem(raw, outbound);
  if (problem) return problem;
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const hosts = channel === 'SLACK' ? outbound.slackHosts : outbound.discordHosts;
  if (!hosts.includes(host)) return `must be on ${hosts.join(' or ')}`;
  if (channel === 'DISCORD' && !DISCORD_WEBHOOK_PATH.test(url.pathname)) {
    return 'must be a Discord webhook URL (/api/webhooks/<id>/<token>)';
  }
  return undefined;
}

function refuse(problem: string): never {
  if (problem === ADDRESS_PROBLEM) {
    throw new PermanentDeliveryError('target refused: address not allowed', {
      code: 'TARGET_ADDRESS_REFUSED',
    });
  }
  throw new PermanentDeliveryError(`recipient URL ${problem}`, { code: 'INVALID_URL' });
}

export function assertTargetUrl(raw: string, outbound: OutboundConfig): URL {
  const problem = targetUrlProblem(raw, outbound);
  if (problem) refuse(problem);
  return new URL(raw);
}

export function assertChatTarget(channel: 'SLACK' | 'DISCORD', raw: string, outbound: OutboundConfig): URL {
  const problem = chatTargetProblem(channel, raw, outbound);
  if (problem) refuse(problem);
  return new URL(raw);
}
