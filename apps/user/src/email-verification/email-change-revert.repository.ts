import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.runner';

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
    revert: { userId: string; previousEmail: string; tokenHash: string; expiresAt: Date },
    tx: Tx,
  ): Promise<void> {
    await tx.emailChangeRevert.create({ data: revert });
  }

  async findByHash(tokenHash: string, tx: Tx): Promise<EmailChangeRevertRecord | null> {
    return tx.emailChangeRevert.findUnique({
      where: { tokenHash },
      select: { id: true, userId: true, previousEmail: true, tokenHash: true, expiresAt: true, usedAt: true },
    });
  }

  /** Single use even under concurrency: only the first of two simultaneous requests gets true. */
  async consume(id: string, at: Date, tx: Tx): Promise<boolean> {
    const { count } = await tx.emailChangeRevert.updateMany({
      where: { id, usedAt: null, expiresAt: { gt: at } },
      data: { usedAt: at },
    });
    return count === 1;
  }
}
