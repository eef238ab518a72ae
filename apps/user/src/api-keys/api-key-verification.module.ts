import { Module } from '@nestjs/common';
import { ApiKeysRepository } from './api-keys.repository';
import { UserApiKeyVerifier } from './user-api-key.verifier';

/** The verifier alone, for SecurityModule.forRoot({ apiKeyVerifier }) to import. */
@Module({
  providers: [ApiKeysRepository, UserApiKeyVerifier],
  exports: [ApiKeysRepository, UserApiKeyVerifier],
})
export class ApiKeyVerificationModule {}
