import type { Clock } from '@orion/core';
import type { ChannelProvider, DeliveryReceipt, OutgoingMessage } from '../channel-provider';
import type { OutboundHttpClient } from '../outbound/outbound-http.client';
import type { OutboundConfig } from '../outbound/outbound.config';
import { failIfUnsuccessful } from './provider-http';
import { assertChatTarget } from './target-url';
import { truncate } from './truncate';

const ORION_BLUE = 0x3b82f6;

/** The Discord message: a short `content` line and an embed with the full text. */
export function discordMessage(m: OutgoingMessage, now: Date): Record<string, unknown> {
  const heading = m.title ?? m.subject;
  return {
    content: truncate(heading ?? m.text, 2000),
    embeds: [
      {
        ...(heading ? { title: truncate(heading, 256) } : {}),
        description: truncate(m.text, 4096),
        color: ORION_BLUE,
        timestamp: now.toISOString(),
        footer: { text: truncate(`Notification ${m.notificationId}`, 2048) },
      },
    ],
    // Never let notification text ping @everyone, roles or users.
    allowed_mentions: { parse: [] },
  };
}

/** DISCORD through a channel webhook (the recipient is the discord.com/api/webhooks/… URL). */
export class DiscordWebhookProvider implements ChannelProvider {
  readonly channel = 'DISCORD' as const;
  readonly name = 'discord-webhook';

  constructor(
    private readonly timeoutMs: number,
    private readonly outbound: OutboundConfig,
    private readonly http: OutboundHttpClient,
    private readonly clock: Clock,
  ) {}

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    const url = assertChatTarget('DISCORD', m.to, this.outbound);
    // wait=true makes Discord answer with the created message, so its id can be recorded.
    url.searchParams.set('wait', 'true');
    const response = await this.http.send(url.toString(), {
      timeoutMs: this.timeoutMs,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(discordMessage(m, this.clock.now())),
    });
    failIfUnsuccessful(this.name, response, this.clock.now());
    const id = (response.json as { id?: string } | undefined)?.id;
    return { provider: this.name, providerMessageId: id, response: { status: response.status, id } };
  }
}
