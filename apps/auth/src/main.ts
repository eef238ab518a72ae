import { runService } from '@orion/core';
import { AuthModule } from './auth.module';

void runService('auth', (config) => AuthModule.forRoot(config));
