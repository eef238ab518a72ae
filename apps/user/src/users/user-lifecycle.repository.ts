import { Injectable } from '@nestjs/common';
import { Prisma } from '@orion/prisma-user';
import type { Tx } from '../database/transaction.runner';
import { toUser, uniqueOrConflict } from './users.repository';
import { normalizeEmail, User } from './users.types';

/** Where a soft-deleted account keeps the username it released, so a restore can take it back. */
const RELEASED_USERNAME = 'releasedUsername';

/**
 * Deleting, restoring and erasing accounts, and ending what a disabled account still holds.
 * Sessions and API keys belong to their own feature; these are the bulk changes an account's
 * end of life needs, made in the caller's transaction.
 */
@Injectable()
export class UserLifecycleRepository {
  /** Releases the address and username (NULLs never collide) so someone else may register them. */
  async softDelete(user: User, at: Date, tx: Tx): Promise<User> {
    const metadata = await metadataOf(user.id, tx);
    if (user.username) metadata[RELEASED_USERNAME] = user.username;
    const row = await tx.user.update({
      where: { id: user.id },
      data: { deletedAt: at, emailNormalized: null, username: null, metadata },
    });
    return toUser(row);
  }

  /** Takes the address and username back; EMAIL_TAKEN or USERNAME_TAKEN if they were re-registered. */
  async restore(user: User, tx: Tx): Promise<User> {
    const metadata = await metadataOf(user.id, tx);
    const username = typeof metadata[RELEASED_USERNAME] === 'string' ? metadata[RELEASED_USERNAME] : null;
    delete metadata[RELEASED_USERNAME];
    const row = await uniqueOrConflict(() =>
      tx.user.update({
        where: { id: user.id },
        data: { deletedAt: null, emailNormalized: normalizeEmail(user.email), username, metadata },
      }),
    );
    return toUser(row);
  }

  /** Ends the user's active sessions, except `keepSessionId` when given; returns how many there were. */
  async endSessions(
    userId: string,
    reason: string,
    at: Date,
    keepSessionId: string | undefined,
    tx: Tx,
  ): Promise<number> {
    const { count } = await tx.session.updateMany({
      where: { userId, status: 'ACTIVE', ...(keepSessionId && { id: { not: keepSessionId } }) },
      data: { status: 'REVOKED', endedAt: at, endReason: reason },
    });
    return count;
  }

  async apiKeyIds(userId: string, tx: Tx): Promise<string[]> {
    const keys = await tx.apiKey.findMany({ where: { userId }, select: { id: true } });
    return keys.map((key) => key.id);
  }

  /**
   * Removes every piece of personal data and every credential, keeping the row (id, creation
   * time, status DEACTIVATED, deleted_at and erased_at) as the anchor that audit records still
   * point at. Audit rows are append-only, so the row cannot be deleted without rewriting them.
   */
  async erase(userId: string, at: Date, tx: Tx): Promise<User> {
    const where = { userId };
    await tx.userPreferences.deleteMany({ where });
    await tx.emailVerification.deleteMany({ where });
    await tx.emailChangeRevert.deleteMany({ where });
    await tx.session.deleteMany({ where });
    await tx.apiKey.deleteMany({ where });
    await tx.twoFactorAuth.deleteMany({ where });
    await tx.passwordReset.deleteMany({ where });
    await tx.userRole.deleteMany({ where });
    await tx.userPermission.deleteMany({ where });
    const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { deletedAt: true } });
    const row = await tx.user.update({
      where: { id: userId },
      data: {
        // email is NOT NULL; a reserved domain (RFC 2606) that can never receive mail.
        email: `erased-${userId}@erased.invalid`,
        emailNormalized: null,
        username: null,
        passwordHash: null,
        status: 'DEACTIVATED',
        firstName: null,
        lastName: null,
        displayName: null,
        avatarUrl: null,
        phoneNumber: null,
        emailVerifiedAt: null,
        lastLoginAt: null,
        passwordChangedAt: null,
        metadata: {},
        deletedAt: current.deletedAt ?? at,
        erasedAt: at,
      },
    });
    return toUser(row);
  }
}

async function metadataOf(userId: string, tx: Tx): Promise<Record<string, Prisma.InputJsonValue>> {
  const row = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { metadata: true } });
  const metadata = row.metadata;
  return metadata && typeof metadata === 'object' && !Array.isArray(metadata)
    ? ({ ...metadata } as Record<string, Prisma.InputJsonValue>)
    : {};
}
