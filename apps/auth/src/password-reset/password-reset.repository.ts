import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';

export interface NewPasswordReset {
  userId: string;
  tokenHash: string;
  expiresAt: Date;
  requestedIp?: string;
  userAgent?: string;
}

/** password_resets: one row per e-mailed token, by its SHA-256 only. */
@Injectable()
export class PasswordResetRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Runs `work` inside a savepoint of the transaction, and keeps its writes or undoes them
   * (rolled back to the savepoint). Either way the same statements run, the same number of them:
   * where a write must not stay, the work still costs what it costs where it stays.
   */
  async inSavepoint(keep: boolean, work: () => Promise<unknown>, tx: Tx): Promise<void> {
    await tx.$executeRawUnsafe('SAVEPOINT same_work');
    try {
      await work();
    } catch (error) {
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT same_work');
      throw error;
    }
    await tx.$executeRawUnsafe(keep ? 'RELEASE SAVEPOINT same_work' : 'ROLLBACK TO SAVEPOINT same_work');
  }

  /** Voids the user's outstanding tokens (`userId` may match nobody: the same statement runs). */
  async invalidateOutstanding(userId: string, at: Date, tx: Tx): Promise<number> {
    const { count } = await tx.passwordReset.updateMany({
      where: { userId, usedAt: null, invalidatedAt: null },
      data: { invalidatedAt: at },
    });
    return count;
  }

  async insert(reset: NewPasswordReset, tx: Tx): Promise<void> {
    await tx.passwordReset.create({
      data: {
        userId: reset.userId,
        tokenHash: reset.tokenHash,
        expiresAt: reset.expiresAt,
        requestedIp: reset.requestedIp?.slice(0, 45),
        userAgent: reset.userAgent,
      },
    });
  }

  /** The usable reset with this hash, without taking it. */
  async findUsable(tokenHash: string, now: Date): Promise<{ id: string; userId: string } | null> {
    return this.prisma.passwordReset.findFirst({
      where: { tokenHash, usedAt: null, invalidatedAt: null, expiresAt: { gt: now } },
      select: { id: true, userId: true },
    });
  }

  /**
   * Takes the reset for this transaction: a concurrent confirmation waits on the row lock and
   * then finds it used. False when it was used, voided or expired meanwhile.
   */
  async take(id: string, now: Date, tx: Tx): Promise<boolean> {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM password_resets
       WHERE id = ${id}::uuid AND used_at IS NULL AND invalidated_at IS NULL AND expires_at > ${now}
         FOR UPDATE`;
    if (locked.length === 0) return false;
    await tx.passwordReset.update({ where: { id }, data: { usedAt: now } });
    return true;
  }
}
