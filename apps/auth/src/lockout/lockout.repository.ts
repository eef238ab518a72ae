import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { LockoutState } from './lockout.types';

const STATE = {
  identifier: true,
  userId: true,
  consecutiveFailures: true,
  lockouts: true,
  lockedUntil: true,
  lockedIndefinitelyAt: true,
} as const;

/** sign_in_lockouts: consecutive failures per identifier; the database keeps them across restarts. */
@Injectable()
export class LockoutRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(identifier: string): Promise<LockoutState | null> {
    return this.prisma.signInLockout.findUnique({ where: { identifier }, select: STATE });
  }

  findByUser(userId: string): Promise<LockoutState[]> {
    return this.prisma.signInLockout.findMany({ where: { userId }, select: STATE });
  }

  /** Counts one more failure atomically; concurrent failures each get their own number. */
  addFailure(identifier: string, userId: string | null, now: Date): Promise<LockoutState> {
    return this.prisma.signInLockout.upsert({
      where: { identifier },
      create: { identifier, userId, consecutiveFailures: 1, lastFailureAt: now },
      update: {
        consecutiveFailures: { increment: 1 },
        lastFailureAt: now,
        ...(userId && { userId }),
      },
      select: STATE,
    });
  }

  lockUntil(identifier: string, until: Date): Promise<LockoutState> {
    return this.prisma.signInLockout.update({
      where: { identifier },
      data: { lockedUntil: until, lockouts: { increment: 1 } },
      select: STATE,
    });
  }

  lockIndefinitely(identifier: string, now: Date): Promise<LockoutState> {
    return this.prisma.signInLockout.update({
      where: { identifier },
      data: { lockedIndefinitelyAt: now },
      select: STATE,
    });
  }

  async clear(identifier: string): Promise<void> {
    await this.prisma.signInLockout.deleteMany({ where: { identifier } });
  }

  /** Clears every identifier that named the account; returns what was cleared. */
  async clearUser(userId: string): Promise<LockoutState[]> {
    const cleared = await this.findByUser(userId);
    await this.prisma.signInLockout.deleteMany({ where: { userId } });
    return cleared;
  }
}
