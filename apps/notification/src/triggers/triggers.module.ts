import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { loadTriggersConfig, TRIGGERS_CONFIG } from './triggers.config';
import { TriggersHandlers } from './triggers.handlers';

/** Event consumers that send the notifications the auth and user services' events call for. */
@Module({
  imports: [NotificationsModule],
  providers: [TriggersHandlers, { provide: TRIGGERS_CONFIG, useFactory: () => loadTriggersConfig() }],
})
export class TriggersModule {}
