import { ConfigurationError, runService } from '@orion/core';
import { AuthModule } from './auth.module';
import { AuthConfig, loadAuthConfig } from './config/auth.config';

let authConfig: AuthConfig;
try {
  authConfig = loadAuthConfig();
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  process.stderr.write(`orion-auth cannot start. ${error.message}\n`);
  process.exit(1);
}

void runService('auth', (config) => AuthModule.forRoot(config, authConfig));
