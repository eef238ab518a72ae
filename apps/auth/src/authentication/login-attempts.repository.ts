import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface LoginAttemptRecord {
  userId: string | null;
  identifier: string;
  outcome: 'SUCCESS' | 'FAILED' | 'BLOCKED';
  failureReason?: string;
  ipAddress: string;
  userAgent?: string;
}

/** login_attempts: every sign-in attempt, append-only. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async record(attempt: LoginAttemptRecord): Promise<void> {
    await this.prisma.loginAttempt.create({
      data: {
        userId: attempt.userId,
        identifier: attempt.identifier.slice(0, 320),
        status: attempt.outcome,
        failureReason: attempt.failureReason,
        ipAddress: attempt.ipAddress.slice(0, 45),
        userAgent: attempt.userAgent,
      },
    });
  }
}
