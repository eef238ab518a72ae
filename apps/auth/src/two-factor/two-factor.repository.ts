import { Injectable } from '@nestjs/common';
import type { Prisma } from '@orion/prisma-auth';
import { PrismaService } from '../database/prisma.service';
import type { Tx } from '../database/transaction.runner';
import { FactorMethod, StoredFactor } from './two-factor.types';

const TO_DB = {
  totp: 'TOTP',
  sms: 'SMS',
  email: 'EMAIL',
  webauthn: 'WEBAUTHN',
} as const satisfies Record<FactorMethod, string>;

const FROM_DB: Record<string, FactorMethod> = {
  TOTP: 'totp',
  SMS: 'sms',
  EMAIL: 'email',
  WEBAUTHN: 'webauthn',
};

type FactorRow = Prisma.TwoFactorAuthGetPayload<object>;

function toFactor(row: FactorRow): StoredFactor {
  return {
    id: row.id,
    userId: row.userId,
    method: FROM_DB[row.method] as FactorMethod,
    label: row.label,
    secretEncrypted: row.secretEncrypted,
    destination: row.destination,
    credentialId: row.credentialId,
    publicKey: row.publicKey,
    signCount: Number(row.signCount),
    verifiedAt: row.verifiedAt,
    lastUsedAt: row.lastUsedAt,
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
    createdAt: row.createdAt,
  };
}

export interface NewFactor {
  userId: string;
  method: FactorMethod;
  label?: string | null;
  secretEncrypted?: string;
  destination?: string;
  credentialId?: string;
  publicKey?: string;
  signCount?: number;
  verifiedAt?: Date | null;
  metadata?: Record<string, unknown>;
}

/** two_factor_auth and two_factor_backup_codes: the only code touching them. */
@Injectable()
export class TwoFactorRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Enabled factors (verified, not disabled), oldest first. */
  async activeFactors(userId: string, method?: FactorMethod): Promise<StoredFactor[]> {
    const rows = await this.prisma.twoFactorAuth.findMany({
      where: {
        userId,
        verifiedAt: { not: null },
        disabledAt: null,
        ...(method && { method: TO_DB[method] }),
      },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toFactor);
  }

  async pendingFactor(userId: string, method: FactorMethod): Promise<StoredFactor | null> {
    const row = await this.prisma.twoFactorAuth.findFirst({
      where: { userId, method: TO_DB[method], verifiedAt: null, disabledAt: null },
      orderBy: { createdAt: 'desc' },
    });
    return row ? toFactor(row) : null;
  }

  async findOwned(userId: string, id: string, method: FactorMethod): Promise<StoredFactor | null> {
    const row = await this.prisma.twoFactorAuth.findFirst({
      where: { id, userId, method: TO_DB[method], disabledAt: null },
    });
    return row ? toFactor(row) : null;
  }

  async findByCredentialId(credentialId: string): Promise<StoredFactor | null> {
    const row = await this.prisma.twoFactorAuth.findUnique({ where: { credentialId } });
    return row ? toFactor(row) : null;
  }

  /** Replaces any unfinished enrolment of the same method with a new one. */
  async createFactor(factor: NewFactor, tx: Tx): Promise<StoredFactor> {
    if (!factor.verifiedAt) {
      await tx.twoFactorAuth.deleteMany({
        where: { userId: factor.userId, method: TO_DB[factor.method], verifiedAt: null },
      });
    }
    const row = await tx.twoFactorAuth.create({
      data: {
        userId: factor.userId,
        method: TO_DB[factor.method],
        label: factor.label ?? null,
        secretEncrypted: factor.secretEncrypted ?? null,
        destination: factor.destination ?? null,
        credentialId: factor.credentialId ?? null,
        publicKey: factor.publicKey ?? null,
        signCount: BigInt(factor.signCount ?? 0),
        verifiedAt: factor.verifiedAt ?? null,
        metadata: (factor.metadata ?? {}) as Prisma.InputJsonValue,
      },
    });
    return toFactor(row);
  }

  /** Activates a pending enrolment; false when it was activated or removed meanwhile. */
  async markVerified(id: string, now: Date, tx: Tx): Promise<boolean> {
    const updated = await tx.twoFactorAuth.updateMany({
      where: { id, verifiedAt: null },
      data: { verifiedAt: now, lastUsedAt: now },
    });
    return updated.count === 1;
  }

  async remove(id: string, tx: Tx): Promise<boolean> {
    const deleted = await tx.twoFactorAuth.deleteMany({ where: { id } });
    return deleted.count === 1;
  }

  async removeMethod(userId: string, method: FactorMethod, tx: Tx): Promise<number> {
    const deleted = await tx.twoFactorAuth.deleteMany({ where: { userId, method: TO_DB[method] } });
    return deleted.count;
  }

  async rename(userId: string, id: string, label: string): Promise<StoredFactor | null> {
    const updated = await this.prisma.twoFactorAuth.updateMany({
      where: { id, userId, method: 'WEBAUTHN', disabledAt: null },
      data: { label },
    });
    return updated.count === 1 ? this.findOwned(userId, id, 'webauthn') : null;
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.prisma.twoFactorAuth.updateMany({ where: { id }, data: { lastUsedAt: now } });
  }

  /**
   * Moves a WebAuthn counter forward only if nobody stored a higher one meanwhile
   * (compare-and-set), so two racing assertions cannot both pass with the same counter.
   */
  async advanceSignCount(id: string, expected: number, next: number, now: Date): Promise<boolean> {
    const updated = await this.prisma.twoFactorAuth.updateMany({
      where: { id, signCount: BigInt(expected) },
      data: { signCount: BigInt(next), lastUsedAt: now },
    });
    return updated.count === 1;
  }

  async unusedBackupCodes(userId: string, tx?: Tx): Promise<number> {
    return (tx ?? this.prisma).twoFactorBackupCode.count({ where: { userId, usedAt: null } });
  }

  /** Methods of the enabled factors, read inside `tx` so a change being made is included. */
  async enabledMethods(userId: string, tx: Tx): Promise<FactorMethod[]> {
    const rows = await tx.twoFactorAuth.findMany({
      where: { userId, verifiedAt: { not: null }, disabledAt: null },
      select: { method: true },
      distinct: ['method'],
    });
    return rows.map((row) => FROM_DB[row.method] as FactorMethod);
  }

  /** Deletes the previous batch and stores the new one. */
  async replaceBackupCodes(userId: string, batchId: string, codeHashes: string[], tx: Tx): Promise<void> {
    await tx.twoFactorBackupCode.deleteMany({ where: { userId } });
    await tx.twoFactorBackupCode.createMany({
      data: codeHashes.map((codeHash) => ({ userId, batchId, codeHash })),
    });
  }

  /** Backup codes back up a factor: once the last one is gone, so are they. */
  async deleteBackupCodesWithoutFactor(userId: string, tx: Tx): Promise<void> {
    if ((await this.enabledMethods(userId, tx)).length > 0) return;
    await tx.twoFactorBackupCode.deleteMany({ where: { userId } });
  }

  /** Marks the code used; false when it does not exist or was used already (single use, atomically). */
  async consumeBackupCode(
    userId: string,
    codeHash: string,
    usedIp: string | undefined,
    now: Date,
    tx: Tx,
  ): Promise<boolean> {
    const updated = await tx.twoFactorBackupCode.updateMany({
      where: { userId, codeHash, usedAt: null },
      data: { usedAt: now, usedIp: usedIp?.slice(0, 45) ?? null },
    });
    return updated.count === 1;
  }
}
