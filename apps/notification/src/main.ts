import { runService } from '@orion/core';
import { NotificationModule } from './notification.module';

void runService('notification', (config) => NotificationModule.forRoot(config));
