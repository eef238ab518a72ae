import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ChannelProvider, DeliveryReceipt, OutgoingMessage } from '../channels/channel-provider';
import { PermanentDeliveryError } from '../channels/channel-provider';
import { ChannelRegistryService } from '../channels/channel-registry.service';
import { InboxStreamService } from './inbox-stream.service';
import { InboxRepository } from './inbox.repository';
import type { InboxDelivery } from './inbox.types';

/**
 * IN_APP delivery. The notification row already is the inbox item, so delivering stores nothing:
 * once the delivery is recorded it announces the item to the recipient's open streams. The live announcement is best effort: a
 * client that misses it (offline, Redis briefly away) finds the item when it lists its inbox.
 */
@Injectable()
export class InAppChannelProvider implements ChannelProvider, OnModuleInit {
  readonly channel = 'IN_APP' as const;
  readonly name = 'inbox';
  private readonly logger = new Logger(InAppChannelProvider.name);

  constructor(
    private readonly registry: ChannelRegistryService,
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
    return {
      provider: this.name,
      providerMessageId: found.item.id,
      // Announced after the delivery service records DELIVERED: a client that reacts to the event
      // (lists its inbox, marks the item read) must find it there.
      afterRecorded: () => this.announce(found),
    };
  }

  private async announce(found: InboxDelivery): Promise<void> {
    try {
      await this.stream.publish(found);
    } catch (error) {
      this.logger.warn(
        { notificationId: found.item.id, reason: (error as Error).message },
        'inbox item stored but not announced live',
      );
    }
  }
}
