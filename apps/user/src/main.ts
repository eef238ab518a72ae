import { runService } from '@orion/core';
import { UserModule } from './user.module';

void runService('user', (config) => UserModule.forRoot(config));
