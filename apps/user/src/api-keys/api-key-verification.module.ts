import { Module } from '@nestjs/common';
import { AccessCheckModule } from '../access/access-check.module';
import { ApiKeysRepository } from './api-keys.repository';
import { UserApiKeyVerifier } from './user-api-key.verifier';

/** The verifier alone, for SecurityModule.forRoot({ apiKeyVerifier }) to import. */
@Module({
  imports: [AccessCheckModule],
  providers: [ApiKeysRepository, UserApiKeyVerifier],
  exports: [ApiKeysRepository, UserApiKeyVerifier],
})
export class ApiKeyVerificationModule {}
