import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { InAppChannelProvider } from './in-app-channel.provider';
import { INBOX_CONFIG, loadInboxConfig } from './inbox.config';
import { InboxController } from './inbox.controller';
import { InboxLogStore } from './inbox-log.store';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { InboxStreamService } from './inbox-stream.service';
import { InboxStreamStore } from './inbox-stream.store';

/** The in-app inbox: its HTTP routes, its live stream and the IN_APP channel provider. */
@Module({
  imports: [ChannelsModule],
  controllers: [InboxController],
  providers: [
    { provide: INBOX_CONFIG, useFactory: () => loadInboxConfig() },
    InboxRepository,
    InboxService,
    InboxStreamService,
    InboxStreamStore,
    InboxLogStore,
    InAppChannelProvider,
  ],
  exports: [InboxStreamService],
})
export class InboxModule {}
