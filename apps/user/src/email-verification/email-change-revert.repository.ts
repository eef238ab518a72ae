import { Injectable } from '@nestjs/common';
import type { UserTransaction } from '../audit/audit.repository';

export interface EmailChangeRevertRecord {
  id: string;
  userId: string;
  previousEmail: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
}

/** email_change_reverts: the undo links sent to previous addresses, as token hashes only. */
@Injectable()
export class EmailChangeRevertRepository {
  async insert(
    tx: UserTransaction,
    revert: { userId: string; previousEmail: string; tokenHash: string; expiresAt: Date },
  ): Promise<void> {
    await tx.emailChangeRevert.create({ data: revert });
  }

  async findByHash(tx: UserTransaction, tokenHash: string): Promise<EmailChangeRevertRecord | null> {
    return tx.emailChangeRevert.findUnique({
      where: { tokenHash },
      select: { id: true, userId: true, previousEmail: true, tokenHash: true, expiresAt: true, usedAt: true },
    });
  }

  /** Single use even under concurrency: only the first of two simultaneous requests gets true. */
  async consume(tx: UserTransaction, id: string, at: Date): Promise<boolean> {
    const { count } = await tx.emailChangeRevert.updateMany({
      where: { id, usedAt: null, expiresAt: { gt: at } },
      data: { usedAt: at },
    });
    return count === 1;
  }
}
