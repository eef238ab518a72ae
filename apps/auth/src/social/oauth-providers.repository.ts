import { Injectable } from '@nestjs/common';
import { Prisma } from '@orion/prisma-auth';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import { LinkedIdentity, LinkOutcome } from './social.types';

/** oauth_providers: one row per external identity linked to a user. */
@Injectable()
export class OAuthProvidersRepository {
  constructor(private readonly prisma: PrismaService) {}

  findBySubject(provider: string, providerUserId: string): Promise<LinkedIdentity | null> {
    return this.prisma.oAuthProvider.findUnique({
      where: { provider_providerUserId: { provider, providerUserId } },
      select: SELECTED,
    });
  }

  listForUser(userId: string, tx?: Tx): Promise<LinkedIdentity[]> {
    return (tx ?? this.prisma).oAuthProvider.findMany({
      where: { userId },
      orderBy: { createdAt: 'asc' },
      select: SELECTED,
    });
  }

  /** The unique indexes decide: one identity per account and provider, one account per identity. */
  async link(
    identity: {
      userId: string;
      provider: string;
      providerUserId: string;
      email: string | null;
      scopes: string[];
    },
    tx: Tx,
  ): Promise<LinkOutcome> {
    const existing = await tx.oAuthProvider.findUnique({
      where: {
        provider_providerUserId: { provider: identity.provider, providerUserId: identity.providerUserId },
      },
      select: { userId: true },
    });
    if (existing) return existing.userId === identity.userId ? 'already-linked' : 'conflict';
    try {
      await tx.oAuthProvider.create({ data: { ...identity, lastLoginAt: null } });
      return 'linked';
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'conflict';
      throw error;
    }
  }

  async touchLogin(provider: string, providerUserId: string, email: string | null, at: Date): Promise<void> {
    await this.prisma.oAuthProvider.update({
      where: { provider_providerUserId: { provider, providerUserId } },
      data: { lastLoginAt: at, ...(email && { email }) },
    });
  }

  /** Serialises changes to one user's links until the transaction ends. */
  async lockUser(userId: string, tx: Tx): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'oauth-links:' + userId}))`;
  }

  async unlink(userId: string, provider: string, tx: Tx): Promise<boolean> {
    const deleted = await tx.$executeRawUnsafe(
      'DELETE FROM oauth_providers WHERE user_id = $1::uuid AND provider = $2',
      userId,
      provider,
    );
    return deleted > 0;
  }
}

const SELECTED = {
  provider: true,
  providerUserId: true,
  userId: true,
  email: true,
  lastLoginAt: true,
  createdAt: true,
} as const;
