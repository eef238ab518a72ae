import { Module } from '@nestjs/common';
import { ChannelsConfigModule } from '../channels/channels-config.module';
import { PushSubscriptionsController } from './push-subscriptions.controller';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import { PushSubscriptionsService } from './push-subscriptions.service';

@Module({
  imports: [ChannelsConfigModule],
  controllers: [PushSubscriptionsController],
  providers: [PushSubscriptionsService, PushSubscriptionsRepository],
  exports: [PushSubscriptionsService],
})
export class PushSubscriptionsModule {}
