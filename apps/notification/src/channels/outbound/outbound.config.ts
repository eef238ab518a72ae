import { Resolver } from 'node:dns';
import { z } from 'zod';
import { parseCidr } from './address-policy';

/** How requests to caller-chosen URLs (webhooks, chat, push services) may leave the service. */
export interface OutboundConfig {
  /** Loopback, private, link-local, unique-local and CGNAT targets allowed (never in production). */
  allowPrivateNetworks: boolean;
  /** Networks allowed whatever their range (never in production). */
  allowedCidrs: string[];
  /** Plain http targets allowed (never in production). */
  allowHttp: boolean;
  /** Name servers ("ip" or "ip:port") resolving target names; empty = the system resolver. */
  dnsServers: string[];
  /** Host names a SLACK target may have. */
  slackHosts: string[];
  /** Host names a DISCORD target may have (its path must be /api/webhooks/…). */
  discordHosts: string[];
}

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** The environment variables, merged into the channels' schema. */
export const OUTBOUND_ENV = {
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: flag.default(false),
  OUTBOUND_ALLOWED_CIDRS: list(''),
  OUTBOUND_ALLOW_HTTP: flag.default(false),
  OUTBOUND_DNS_SERVERS: list(''),
  SLACK_WEBHOOK_HOSTS: list('hooks.slack.com'),
  DISCORD_WEBHOOK_HOSTS: list('discord.com,discordapp.com'),
  /** Replaced by the OUTBOUND_* variables; an old "true" is refused rather than silently ignored. */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.string().optional(),
};

type OutboundValues = z.infer<z.ZodObject<typeof OUTBOUND_ENV>>;

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** Validates the outbound settings, pushing one line per problem; production allows no exception. */
export function outboundConfigOf(v: OutboundValues, production: boolean, problems: string[]): OutboundConfig {
  if (v.WEBHOOK_ALLOW_PRIVATE_TARGETS !== undefined && v.WEBHOOK_ALLOW_PRIVATE_TARGETS !== 'false') {
    problems.push(
      'WEBHOOK_ALLOW_PRIVATE_TARGETS: replaced by OUTBOUND_ALLOW_PRIVATE_NETWORKS and OUTBOUND_ALLOW_HTTP',
    );
  }
  if (production) {
    if (v.OUTBOUND_ALLOW_PRIVATE_NETWORKS)
      problems.push('OUTBOUND_ALLOW_PRIVATE_NETWORKS: must not be true in production');
    if (v.OUTBOUND_ALLOWED_CIDRS.length > 0)
      problems.push('OUTBOUND_ALLOWED_CIDRS: must be empty in production');
    if (v.OUTBOUND_ALLOW_HTTP) problems.push('OUTBOUND_ALLOW_HTTP: must not be true in production');
  }
  for (const cidr of v.OUTBOUND_ALLOWED_CIDRS) {
    try {
      parseCidr(cidr);
    } catch {
      problems.push(`OUTBOUND_ALLOWED_CIDRS: "${cidr}" is not an address or CIDR`);
    }
  }
  if (v.OUTBOUND_DNS_SERVERS.length > 0) {
    try {
      new Resolver().setServers(v.OUTBOUND_DNS_SERVERS);
    } catch {
      problems.push('OUTBOUND_DNS_SERVERS: must be addresses, optionally with :port ([ipv6]:port)');
    }
  }
  const hosts = (name: 'SLACK_WEBHOOK_HOSTS' | 'DISCORD_WEBHOOK_HOSTS') => {
    const values = v[name].map((host) => host.toLowerCase());
    if (values.length === 0) problems.push(`${name}: at least one host is needed`);
    for (const host of values.filter((h) => !HOST_NAME.test(h)))
      problems.push(`${name}: "${host}" is not a host name`);
    return values;
  };
  return {
    allowPrivateNetworks: v.OUTBOUND_ALLOW_PRIVATE_NETWORKS,
    allowedCidrs: v.OUTBOUND_ALLOWED_CIDRS,
    allowHttp: v.OUTBOUND_ALLOW_HTTP,
    dnsServers: v.OUTBOUND_DNS_SERVERS,
    slackHosts: hosts('SLACK_WEBHOOK_HOSTS'),
    discordHosts: hosts('DISCORD_WEBHOOK_HOSTS'),
  };
}
