import { Module } from '@nestjs/common';
import { CHANNELS_CONFIG, loadChannelsConfig } from './channels.config';

/** The channels' configuration, read and validated once at boot. */
@Module({
  providers: [{ provide: CHANNELS_CONFIG, useFactory: () => loadChannelsConfig() }],
  exports: [CHANNELS_CONFIG],
})
export class ChannelsConfigModule {}
