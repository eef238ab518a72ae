import { Inject, Injectable } from '@nestjs/common';
import { GET_USER_CONTACTS, UserContacts } from '@orion/contracts';
import { InjectServiceClient, ServiceClient } from '@orion/core';
import { CHANNELS_CONFIG, ChannelsConfig } from '../channels/channels.config';
import { chatTargetProblem } from '../channels/providers/target-url';
import { WebhookEndpointNotFoundError } from '../webhook-endpoints/webhook-endpoints.errors';
import { WebhookEndpointsService } from '../webhook-endpoints/webhook-endpoints.service';
import {
  ChatWebhookUrlRejectedError,
  RecipientInactiveError,
  RecipientNotFoundError,
  WebhookUrlNotRegisteredError,
} from './notifications.errors';
import type { SendNotificationCommand } from './send-notification.usecase';
import type { Channel } from './notifications.types';

/** Who sends: the service's own features, or a caller acting for an owner (a user id). */
export interface SendingParty {
  internal: boolean;
  ownerId: string | null;
}

/** Where one recipient can be reached, per channel, and in which locale. */
export interface ResolvedRecipient {
  userId: string | null;
  addresses: Partial<Record<Channel, string>>;
  locale: string | null;
}

/**
 * Turns the command's recipient into addresses. A user id is looked up in the user service (the
 * owner of contact details); raw addresses are used as given (system mail, webhooks).
 */
@Injectable()
export class RecipientResolverService {
  constructor(
    @InjectServiceClient('user') private readonly users: ServiceClient,
    @Inject(CHANNELS_CONFIG) private readonly channels: ChannelsConfig,
    private readonly webhookEndpoints: WebhookEndpointsService,
  ) {}

  async resolve(
    recipient: SendNotificationCommand['recipient'],
    sender: SendingParty,
  ): Promise<ResolvedRecipient> {
    if ('userId' in recipient && recipient.userId) return this.forUser(recipient.userId);
    const raw = recipient as Exclude<SendNotificationCommand['recipient'], { userId: string }>;
    const addresses: Partial<Record<Channel, string>> = {};
    if (raw.email) addresses.EMAIL = raw.email;
    if (raw.phone) addresses.SMS = raw.phone;
    if (raw.webhookUrl && !raw.webhookEndpointId) throw new WebhookUrlNotRegisteredError();
    if (raw.webhookEndpointId) {
      await this.checkEndpoint(raw.webhookEndpointId, sender);
      addresses.WEBHOOK = raw.webhookEndpointId;
    }
    if (raw.slackWebhookUrl) addresses.SLACK = this.chatTarget('SLACK', raw.slackWebhookUrl);
    if (raw.discordWebhookUrl) addresses.DISCORD = this.chatTarget('DISCORD', raw.discordWebhookUrl);
    return { userId: null, addresses, locale: null };
  }

  /** A caller sends only to its owner's endpoints: another owner's is 404, exactly as reading it. */
  private async checkEndpoint(id: string, sender: SendingParty): Promise<void> {
    if (sender.internal) return;
    if (!sender.ownerId) throw new WebhookEndpointNotFoundError();
    await this.webhookEndpoints.get(id, { all: false, ownerId: sender.ownerId });
  }

  /** Refused at once, so a caller learns of a wrong Slack or Discord URL from the send itself. */
  private chatTarget(channel: 'SLACK' | 'DISCORD', url: string): string {
    const problem = chatTargetProblem(channel, url, this.channels.outbound);
    if (problem) {
      throw new ChatWebhookUrlRejectedError(
        channel === 'SLACK' ? 'slackWebhookUrl' : 'discordWebhookUrl',
        problem,
      );
    }
    return url;
  }

  private async forUser(userId: string): Promise<ResolvedRecipient> {
    const contacts: UserContacts | null = await this.users.send(
      GET_USER_CONTACTS,
      { userId },
      { idempotent: true },
    );
    if (!contacts) throw new RecipientNotFoundError();
    if (contacts.deleted || contacts.status === 'DEACTIVATED') throw new RecipientInactiveError();
    const addresses: Partial<Record<Channel, string>> = { IN_APP: userId, PUSH: userId };
    if (contacts.email) addresses.EMAIL = contacts.email;
    if (contacts.phone) addresses.SMS = contacts.phone;
    return { userId, addresses, locale: contacts.locale };
  }
}
