import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ApiKeySelfController } from './api-key-self.controller';
import { ApiKeyVerificationModule } from './api-key-verification.module';
import { MyApiKeysController, UserApiKeysController } from './api-keys.controller';
import { ApiKeysHandlers } from './api-keys.handlers';
import { ApiKeysService } from './api-keys.service';
import { API_KEYS_CONFIG, loadApiKeysConfig } from './api-keys.config';

@Module({
  imports: [AccessModule, ApiKeyVerificationModule],
  controllers: [MyApiKeysController, UserApiKeysController, ApiKeySelfController, ApiKeysHandlers],
  providers: [ApiKeysService, { provide: API_KEYS_CONFIG, useFactory: () => loadApiKeysConfig() }],
})
export class ApiKeysModule {}
