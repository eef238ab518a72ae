import { Type } from '@nestjs/common';
import type { UserPrincipal } from '@orion/security';
import { SecurityModule } from '@orion/security';
import { ServiceTier, startServiceTier } from '@orion/testing';
import { SAMPLE_ADMIN } from '../../../../prisma/sample-accounts';
import { AccessCheckModule } from '../../src/access/access-check.module';
import { AccessCheckService } from '../../src/access/access-check.service';
import { ApiKeyVerificationModule } from '../../src/api-keys/api-key-verification.module';
import { UserApiKeyVerifier } from '../../src/api-keys/user-api-key.verifier';
import { AuditModule } from '../../src/audit/audit.module';
import { PrismaService } from '../../src/database/prisma.service';
import { TransactionRunner } from '../../src/database/transaction.runner';

/**
 * User-service features (their Nest modules) on a seeded database of its own, with permission
 * checks answered locally as the app does, a controlled clock and recorded events.
 */
export function startUserServiceTier(...features: Type<unknown>[]): Promise<ServiceTier> {
  return startServiceTier({
    service: 'user',
    prisma: PrismaService,
    transactions: TransactionRunner,
    seed: true,
    imports: (config) => [
      SecurityModule.forRoot({
        config: config.security,
        permissionChecker: { useExisting: AccessCheckService },
        apiKeyVerifier: { useExisting: UserApiKeyVerifier },
        imports: [AccessCheckModule, ApiKeyVerificationModule],
      }),
      AuditModule,
      ...features,
    ],
  });
}

/** A signed-in user as the guards hand it to a service. */
export function actingAs(userId: string): UserPrincipal {
  const now = new Date();
  return {
    kind: 'user',
    userId,
    scopes: [],
    tokenId: `tier-${userId}`,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + 15 * 60_000),
    authenticatedAt: now,
    authenticationMethods: ['pwd'],
    emailVerified: true,
  };
}

/** The seeded administrator, who holds every permission. */
export const admin = (): UserPrincipal => actingAs(SAMPLE_ADMIN.id);
