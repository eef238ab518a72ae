import { Injectable } from '@nestjs/common';
import type { UserTransaction } from '../audit/audit.repository';

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
  async latestCreatedAt(tx: UserTransaction, userId: string): Promise<Date | null> {
    const row = await tx.emailVerification.findFirst({
      where: { userId },
      orderBy: { createdAt: 'desc' },
      select: { createdAt: true },
    });
    return row?.createdAt ?? null;
  }

  /** Earlier unused tokens stop working: only the newest link verifies, and only its address. */
  async expirePending(tx: UserTransaction, userId: string, at: Date): Promise<void> {
    await tx.emailVerification.updateMany({
      where: { userId, verifiedAt: null, expiresAt: { gt: at } },
      data: { expiresAt: at },
    });
  }

  async insert(
    tx: UserTransaction,
    record: Pick<EmailVerificationRecord, 'userId' | 'email' | 'tokenHash' | 'expiresAt'>,
  ): Promise<EmailVerificationRecord> {
    return tx.emailVerification.create({ data: record });
  }

  async findByHash(tx: UserTransaction, tokenHash: string): Promise<EmailVerificationRecord | null> {
    return tx.emailVerification.findUnique({ where: { tokenHash } });
  }

  /** Single use even under concurrency: only the first of two simultaneous requests gets true. */
  async consume(tx: UserTransaction, id: string, at: Date): Promise<boolean> {
    const { count } = await tx.emailVerification.updateMany({
      where: { id, verifiedAt: null, expiresAt: { gt: at } },
      data: { verifiedAt: at, attempts: { increment: 1 } },
    });
    return count === 1;
  }

  /** Links for an address other than `currentEmail` (changes of address) created since `since`. */
  async changesSince(
    tx: UserTransaction,
    userId: string,
    currentEmail: string,
    since: Date,
  ): Promise<number> {
    return tx.emailVerification.count({
      where: {
        userId,
        createdAt: { gte: since },
        NOT: { email: { equals: currentEmail, mode: 'insensitive' } },
      },
    });
  }

  /** The language of the user's localization preference, for the e-mail. */
  async localeOf(tx: UserTransaction, userId: string): Promise<string | null> {
    const row = await tx.userPreferences.findUnique({ where: { userId }, select: { localization: true } });
    const localization = row?.localization as { locale?: unknown } | null | undefined;
    return typeof localization?.locale === 'string' ? localization.locale : null;
  }
}
