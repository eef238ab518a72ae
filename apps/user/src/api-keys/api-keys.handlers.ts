import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApiKeyPrincipal, VERIFY_API_KEY, VerifyApiKeyRequest } from '@orion/contracts';
import { HandleCommand } from '@orion/core';
import { UserApiKeyVerifier } from './user-api-key.verifier';

/** Other services verify the keys they receive here; this service holds the hashes. */
@Controller()
export class ApiKeysHandlers {
  constructor(private readonly verifier: UserApiKeyVerifier) {}

  @HandleCommand(VERIFY_API_KEY)
  async verify(@Payload() request: VerifyApiKeyRequest): Promise<ApiKeyPrincipal | null> {
    const key = await this.verifier.verify(request.apiKey);
    if (!key || !key.ownerId) return null;
    return {
      apiKeyId: key.keyId,
      userId: key.ownerId,
      name: key.serviceName ?? '',
      scopes: key.scopes,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      ...(key.validUntil && { validUntil: key.validUntil.toISOString() }),
    };
  }
}
