import type { Clock } from '@orion/core';
import type { ChannelProvider, DeliveryReceipt, OutgoingMessage } from '../channel-provider';
import type { OutboundHttpClient } from '../outbound/outbound-http.client';
import type { OutboundConfig } from '../outbound/outbound.config';
import { failIfUnsuccessful } from './provider-http';
import { assertChatTarget } from './target-url';
import { truncate } from './truncate';

/** Slack's mrkdwn treats these three as control characters. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Slack message: `text` is the notification fallback, `blocks` the formatted layout. */
export function slackMessage(m: OutgoingMessage): { text: string; blocks: Record<string, unknown>[] } {
  const heading = m.title ?? m.subject;
  const blocks: Record<string, unknown>[] = [];
  if (heading) {
    blocks.push({ type: 'header', text: { type: 'plain_text', text: truncate(heading, 150), emoji: true } });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(m.text), 3000) } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Notification ${escapeMrkdwn(m.notificationId)}` }],
  });
  const fallback = heading ? `${heading}: ${m.text}` : m.text;
  return { text: truncate(escapeMrkdwn(fallback), 3000), blocks };
}

/** SLACK through an incoming webhook (the recipient is the hooks.slack.com URL). */
export class SlackWebhookProvider implements ChannelProvider {
  readonly channel = 'SLACK' as const;
  readonly name = 'slack-webhook';

  constructor(
    private readonly timeoutMs: number,
    private readonly outbound: OutboundConfig,
    private readonly http: OutboundHttpClient,
    private readonly clock: Clock,
  ) {}

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    const url = assertChatTarget('SLACK', m.to, this.outbound);
    const response = await this.http.send(url.toString(), {
      timeoutMs: this.timeoutMs,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(slackMessage(m)),
    });
    // Slack answers 4xx with a reason in the body (invalid_payload, no_service, channel_is_archived).
    failIfUnsuccessful(this.name, response, this.clock.now());
    return { provider: this.name, response: { status: response.status, body: response.text.slice(0, 100) } };
  }
}
