import type { ChannelProvider, DeliveryReceipt, OutgoingMessage } from '../channel-provider';
import { assertPhoneNumber } from './phone-number';

/** Where the outbox addresses its e-mails; the local mail catcher takes any address. */
export const DEV_OUTBOX_ADDRESS = 'dev-outbox@orion.local';

/** What the outbox needs of an e-mail provider: sending one message. */
type EmailSender = Pick<ChannelProvider, 'send'>;

/**
 * Development only (registered when NODE_ENV=development and the channel has no real provider):
 * an SMS or push is e-mailed to the local mail catcher, marked "[SMS to +15551234567]" or
 * "[Push to user …]", so every message a developer triggers can be read in one inbox.
 */
export class DevOutboxProvider implements ChannelProvider {
  readonly name: string;

  constructor(
    readonly channel: 'SMS' | 'PUSH',
    private readonly email: EmailSender,
  ) {
    this.name = `dev-outbox-${channel.toLowerCase()}`;
  }

  async send(m: OutgoingMessage): Promise<DeliveryReceipt> {
    // The same refusal a real SMS provider gives, so development sees bad numbers too.
    if (this.channel === 'SMS') assertPhoneNumber(m.to);
    const label = this.channel === 'SMS' ? `SMS to ${m.to}` : `Push to user ${m.to}`;
    const heading = this.channel === 'PUSH' ? (m.title ?? m.subject) : undefined;
    const payload = m.payload === undefined ? '' : `\n\nData: ${JSON.stringify(m.payload, null, 2)}`;
    const receipt = await this.email.send({
      ...m,
      to: DEV_OUTBOX_ADDRESS,
      subject: heading ? `[${label}] ${heading}` : `[${label}]`,
      text: `${heading ? `${heading}\n\n` : ''}${m.text}${payload}`,
      html: undefined,
    });
    return { ...receipt, provider: this.name };
  }
}
