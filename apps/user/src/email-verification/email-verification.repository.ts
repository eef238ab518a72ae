import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.runner';

export interface EmailVerificationRecord {
  id: string;
  userId: string;
  email: string;
  tokenHash: string;
  expiresAt: Date;
  verifiedAt: Date | null;
  createdAt: Date;
}

/** email_verifications: one row per token sent, holding only the token's hash. */
@Injectable()
export class EmailVerificationRepository {
  async latestCreatedAt(userId: string, tx: Tx): Promise<Date | null> {
    const row = await tx.emailVerification.findFirst({
      where: { userId },
      orderBy: { createdAt: 'desc' },
      select: { createdAt: true },
    });
    return row?.createdAt ?? null;
  }

  /** Earlier unused tokens stop working: only the newest link verifies, and only its address. */
  async expirePending(userId: string, at: Date, tx: Tx): Promise<void> {
    await tx.emailVerification.updateMany({
      where: { userId, verifiedAt: null, expiresAt: { gt: at } },
      data: { expiresAt: at },
    });
  }

  async insert(
    record: Pick<EmailVerificationRecord, 'userId' | 'email' | 'tokenHash' | 'expiresAt'>,
    tx: Tx,
  ): Promise<EmailVerificationRecord> {
    return tx.emailVerification.create({ data: record });
  }

  async findByHash(tokenHash: string, tx: Tx): Promise<EmailVerificationRecord | null> {
    return tx.emailVerification.findUnique({ where: { tokenHash } });
  }

  /** Single use even under concurrency: only the first of two simultaneous requests gets true. */
  async consume(id: string, at: Date, tx: Tx): Promise<boolean> {
    const { count } = await tx.emailVerification.updateMany({
      where: { id, verifiedAt: null, expiresAt: { gt: at } },
      data: { verifiedAt: at, attempts: { increment: 1 } },
    });
    return count === 1;
  }

  /** Links for an address other than `currentEmail` (changes of address) created since `since`. */
  async changesSince(userId: string, currentEmail: string, since: Date, tx: Tx): Promise<number> {
    return tx.emailVerification.count({
      where: {
        userId,
        createdAt: { gte: since },
        NOT: { email: { equals: currentEmail, mode: 'insensitive' } },
      },
    });
  }

  /** The language of the user's localization preference, for the e-mail. */
  async localeOf(userId: string, tx: Tx): Promise<string | null> {
    const row = await tx.userPreferences.findUnique({ where: { userId }, select: { localization: true } });
    const localization = row?.localization as { locale?: unknown } | null | undefined;
    return typeof localization?.locale === 'string' ? localization.locale : null;
  }
}
