import { Injectable } from '@nestjs/common';
import { currentClient } from '@orion/core';
import { ApiKeyVerifier, constantTimeEqual, hashApiKey, VerifiedApiKey } from '@orion/security';
import { prefixOf } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';

const LAST_USED_THROTTLE_MS = 60_000;

/**
 * Checks keys against their stored hashes, for this service's guards and (through the verify
 * command) for the other services. Anything not usable right now answers null.
 */
@Injectable()
export class UserApiKeyVerifier extends ApiKeyVerifier {
  constructor(private readonly keys: ApiKeysRepository) {
    super();
  }

  async verify(key: string): Promise<VerifiedApiKey | null> {
    const prefix = prefixOf(key);
    if (!prefix) return null;
    const stored = await this.keys.credentialByPrefix(prefix);
    // Compare even when nothing was found, so timing does not tell a known prefix apart.
    const matches = constantTimeEqual(hashApiKey(key), stored?.keyHash ?? '');
    if (!stored || !matches) return null;
    const now = new Date();
    const usable =
      stored.revokedAt === null &&
      stored.deletedAt === null &&
      (stored.expiresAt === null || stored.expiresAt > now) &&
      stored.ownerActive;
    if (!usable) return null;
    await this.keys.markUsed(stored.id, now, currentClient()?.ip, LAST_USED_THROTTLE_MS);
    return {
      keyId: stored.id,
      ownerId: stored.userId,
      serviceName: stored.name,
      scopes: stored.scopes,
      expiresAt: stored.expiresAt ?? undefined,
    };
  }
}
