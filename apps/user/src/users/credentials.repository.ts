import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction.runner';
import { PrismaService } from '../database/prisma.service';
import { normalizeEmail, UserStatus } from './users.types';

export interface StoredCredentials {
  id: string;
  status: UserStatus;
  passwordHash: string | null;
  emailVerifiedAt: Date | null;
  deletedAt: Date | null;
}

export interface AccountRecord {
  id: string;
  email: string;
  status: UserStatus;
  emailVerifiedAt: Date | null;
  hasPassword: boolean;
  deletedAt: Date | null;
}

/** The password column of users: the hash never leaves this class and the credentials service. */
@Injectable()
export class CredentialsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findByEmail(email: string): Promise<StoredCredentials | null> {
    return this.prisma.user.findUnique({
      where: { emailNormalized: normalizeEmail(email) },
      select: { id: true, status: true, passwordHash: true, emailVerifiedAt: true, deletedAt: true },
    });
  }

  async findAccount(by: { email: string } | { userId: string }): Promise<AccountRecord | null> {
    const row = await this.prisma.user.findUnique({
      where: 'userId' in by ? { id: by.userId } : { emailNormalized: normalizeEmail(by.email) },
      select: {
        id: true,
        email: true,
        status: true,
        emailVerifiedAt: true,
        passwordHash: true,
        deletedAt: true,
      },
    });
    if (!row) return null;
    const { passwordHash, ...account } = row;
    return { ...account, hasPassword: passwordHash !== null };
  }

  async setPasswordHash(userId: string, passwordHash: string, at: Date, tx: Tx): Promise<void> {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: at } });
  }
}
