import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ChannelProvider, DeliveryReceipt, OutgoingMessage } from '../channels/channel-provider';
import { PermanentDeliveryError } from '../channels/channel-provider';
import { ChannelRegistry } from '../channels/channel-registry';
import { InboxStreamService } from './inbox-stream.service';
import { InboxRepository } from './inbox.repository';

/**
 * IN_APP delivery. The notification row already is the inbox item, so delivering stores nothing:
 * it announces the item to the recipient's open streams. The live announcement is best effort: a
 * client that misses it (offline, Redis briefly away) finds the item when it lists its inbox.
 */
@Injectable()
export class InAppChannelProvider implements ChannelProvider, OnModuleInit {
  readonly channel = 'IN_APP' as const;
  readonly name = 'inbox';
  private readonly logger = new Logger(InAppChannelProvider.name);

  constructor(
    private readonly registry: ChannelRegistry,
    private readonly inbox: InboxRepository,
    private readonly stream: InboxStreamService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async send(message: OutgoingMessage): Promise<DeliveryReceipt> {
    const found = await this.inbox.findForDelivery(message.notificationId);
    if (!found) {
      throw new PermanentDeliveryError('No in-app notification with this id.', {
        code: 'INBOX_ITEM_MISSING',
      });
    }
    let listeners: number;
    try {
      listeners = await this.stream.publish(found);
    } catch (error) {
      this.logger.warn(
        { notificationId: message.notificationId, reason: (error as Error).message },
        'inbox item stored but not announced live',
      );
      return { provider: this.name, providerMessageId: found.item.id, response: { live: false } };
    }
    return { provider: this.name, providerMessageId: found.item.id, response: { live: true, listeners } };
  }
}
