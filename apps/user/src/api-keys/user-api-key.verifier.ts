import { Injectable } from '@nestjs/common';
import { Clock, currentClient } from '@orion/core';
import { ApiKeyVerifier, constantTimeEqual, hashApiKey, VerifiedApiKey } from '@orion/security';
import { AccessCheckService } from '../access/access-check.service';
import { prefixOf } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';

const LAST_USED_THROTTLE_MS = 60_000;

/**
 * Checks keys against their stored hashes, for this service's guards and (through the verify
 * command) for the other services. Anything not usable right now answers null. A key may use
 * only those of its scopes that its owner holds at this moment (GLOBAL, within each grant's
 * window): a demotion or an expired grant takes the permission from the owner's keys as well.
 */
@Injectable()
export class UserApiKeyVerifier extends ApiKeyVerifier {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly access: AccessCheckService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async verify(key: string): Promise<VerifiedApiKey | null> {
    const prefix = prefixOf(key);
    if (!prefix) return null;
    const stored = await this.keys.credentialByPrefix(prefix);
    // Compare even when nothing was found, so timing does not tell a known prefix apart.
    const matches = constantTimeEqual(hashApiKey(key), stored?.keyHash ?? '');
    if (!stored || !matches) return null;
    const now = this.clock.now();
    const usable =
      stored.revokedAt === null &&
      stored.deletedAt === null &&
      (stored.expiresAt === null || stored.expiresAt > now) &&
      stored.ownerActive;
    if (!usable) return null;
    const { held, validUntil } = await this.access.heldGlobally(stored.userId, stored.scopes);
    await this.keys.markUsed(stored.id, now, currentClient()?.ip, LAST_USED_THROTTLE_MS);
    return {
      keyId: stored.id,
      ownerId: stored.userId,
      serviceName: stored.name,
      scopes: held,
      expiresAt: stored.expiresAt ?? undefined,
      ...(validUntil && { validUntil }),
    };
  }
}
