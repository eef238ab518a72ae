import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.runner';

/** What an account gained before its address was proven, as the user service holds it. */
@Injectable()
export class PreVerificationRepository {
  /** Revokes and removes every live API key of the user; returns their ids. */
  async removeApiKeys(userId: string, at: Date, tx: Tx): Promise<string[]> {
    const keys = await tx.apiKey.findMany({ where: { userId, deletedAt: null }, select: { id: true } });
    if (keys.length === 0) return [];
    await tx.apiKey.updateMany({
      where: { id: { in: keys.map((key) => key.id) } },
      data: { revokedAt: at, deletedAt: at },
    });
    return keys.map((key) => key.id);
  }

  /** Ends every live session of the user; returns how many. */
  async endSessions(userId: string, at: Date, tx: Tx): Promise<number> {
    const { count } = await tx.session.updateMany({
      where: { userId, status: 'ACTIVE' },
      data: { status: 'REVOKED', endedAt: at, endReason: 'email_first_verified' },
    });
    return count;
  }
}
