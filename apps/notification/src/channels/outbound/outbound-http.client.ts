import { lookup as systemLookup, Resolver } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Agent, buildConnector } from 'undici';
import { CHANNELS_CONFIG, ChannelsConfig } from '../channels.config';
import { callProvider, ProviderRequest, ProviderResponse } from '../providers/provider-http';
import { AddressPolicy, addressRange } from './address-policy';
import { TargetAddressRefusedError } from './outbound.errors';

/**
 * The one way requests to caller-chosen URLs (Standard Webhooks, Slack, Discord, Web Push
 * endpoints) leave the service. Its undici Agent resolves each target name itself at connect
 * time and refuses the connection unless every address the name resolves to is allowed by the
 * AddressPolicy; the socket then connects to one of exactly those addresses, so a name that
 * answers differently a moment later (DNS rebinding) gains nothing. Literal addresses, which
 * Node connects to without a lookup, are judged before connecting. Redirects are never followed
 * (the Agent has no redirect interceptor): a 3xx is returned to the provider as a failure.
 *
 * Errors are reported to callers generically (see callProvider); the detail goes to the log.
 */
@Injectable()
export class OutboundHttpClient implements OnModuleDestroy {
  private readonly policy: AddressPolicy;
  private readonly resolver?: Resolver;
  private readonly agent: Agent;

  constructor(@Inject(CHANNELS_CONFIG) config: ChannelsConfig) {
    const { outbound } = config;
    this.policy = new AddressPolicy(outbound);
    if (outbound.dnsServers.length > 0) {
      this.resolver = new Resolver({ timeout: 2000, tries: 2 });
      this.resolver.setServers(outbound.dnsServers);
    }
    const connector = buildConnector({ timeout: config.httpTimeoutMs, lookup: this.lookup });
    this.agent = new Agent({
      connect: (options, callback) => {
        const host = options.hostname.replace(/^\[|\]$/g, '');
        if (isIP(host) && !this.policy.permits(host)) {
          callback(new TargetAddressRefusedError(host, host, addressRange(host)), null);
          return;
        }
        connector(options, callback);
      },
    });
  }

  /** One request to a URL the provider has already checked with assertTargetUrl. */
  send(url: string, request: ProviderRequest): Promise<ProviderResponse> {
    return callProvider(url, request, this.agent);
  }

  async onModuleDestroy(): Promise<void> {
    await this.agent.close();
  }

  /** net's lookup hook: resolve, refuse unless every address is allowed, hand over the addresses. */
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => wanted === 0 || a.family === wanted);
        const refused = addresses.find((a) => !this.policy.permits(a.address));
        if (refused) {
          const range = addressRange(refused.address);
          callback(new TargetAddressRefusedError(hostname, refused.address, range), '', 0);
        } else if (addresses.length === 0) {
          callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        } else if (options.all) {
          callback(null, addresses);
        } else {
          callback(null, addresses[0]!.address, addresses[0]!.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };

  /** Every A and AAAA answer: from OUTBOUND_DNS_SERVERS when set, else the system resolver. */
  private async resolve(hostname: string): Promise<LookupAddress[]> {
    if (!this.resolver) return systemLookup(hostname, { all: true, order: 'verbatim' });
    const [v4, v6] = await Promise.allSettled([
      this.resolver.resolve4(hostname),
      this.resolver.resolve6(hostname),
    ]);
    const addresses: LookupAddress[] = [];
    if (v4.status === 'fulfilled') addresses.push(...v4.value.map((address) => ({ address, family: 4 })));
    if (v6.status === 'fulfilled') addresses.push(...v6.value.map((address) => ({ address, family: 6 })));
    if (addresses.length === 0 && v4.status === 'rejected') throw v4.reason;
    return addresses;
  }
}
