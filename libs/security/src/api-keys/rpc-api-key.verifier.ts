import { Injectable } from '@nestjs/common';
import { VERIFY_API_KEY } from '@orion/contracts';
import { InjectServiceClient, ServiceClient } from '@orion/core';
import { ApiKeyVerifier, VerifiedApiKey } from './api-key-verifier';

/** Verifies keys against the user service, which stores only their hashes. */
@Injectable()
export class RpcApiKeyVerifier extends ApiKeyVerifier {
  constructor(@InjectServiceClient('user') private readonly users: ServiceClient) {
    super();
  }

  async verify(apiKey: string): Promise<VerifiedApiKey | null> {
    const principal = await this.users.send(VERIFY_API_KEY, { apiKey }, { idempotent: true });
    if (!principal) return null;
    return {
      keyId: principal.apiKeyId,
      ownerId: principal.userId,
      serviceName: principal.name,
      scopes: principal.scopes,
      expiresAt: principal.expiresAt ? new Date(principal.expiresAt) : undefined,
      validUntil: principal.validUntil ? new Date(principal.validUntil) : undefined,
    };
  }
}
