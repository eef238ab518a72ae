import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { LONG_TRANSACTION, TransactionRunner, Tx } from '../database/transaction.runner';
import { canonicalBackupCode, generateBackupCode } from './backup-code-format';
import { KeyedHash } from './keyed-hash';
import { TwoFactorChangesService } from './two-factor-changes.service';
import { NoSecondFactorError } from './two-factor.errors';
import { TwoFactorRepository } from './two-factor.repository';
import { ActingClient } from './two-factor.types';

const CODES_PER_BATCH = 10;

/**
 * Ten single-use recovery codes per user, 120 bits each (backup-code-format.ts). Stored as
 * HMAC-SHA256 under a key derived from AUTH_KEY_ENCRYPTION_SECRET (see KeyedHash): ASVS 6.5.2
 * allows a fast keyed hash for codes of at least 112 bits, which no dump can be searched for, even
 * with the server secret; slower hashes would buy nothing and cost a lookup per sign-in.
 */
@Injectable()
export class BackupCodesService {
  private readonly hash: KeyedHash;

  constructor(
    private readonly factors: TwoFactorRepository,
    private readonly changes: TwoFactorChangesService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    this.hash = new KeyedHash(config.keyEncryptionSecret, 'backup-codes');
  }

  /** Replaces the user's codes inside `tx`; the plain codes are returned once and never again. */
  async issue(userId: string, tx: Tx): Promise<string[]> {
    const codes = new Set<string>();
    while (codes.size < CODES_PER_BATCH) codes.add(generateBackupCode());
    const hashes = [...codes].map((code) => this.hash.digest(canonicalBackupCode(code) as string));
    await this.factors.replaceBackupCodes(userId, randomUUID(), hashes, tx);
    return [...codes];
  }

  /** Issues codes at the first enrolment; a user who has some keeps them. */
  async issueIfMissing(userId: string, tx: Tx): Promise<string[] | undefined> {
    if ((await this.factors.unusedBackupCodes(userId, tx)) > 0) return undefined;
    return this.issue(userId, tx);
  }

  async regenerate(userId: string, client: ActingClient): Promise<string[]> {
    if ((await this.factors.activeFactors(userId)).length === 0) throw new NoSecondFactorError();
    return this.transactions.run(async (tx) => {
      const codes = await this.issue(userId, tx);
      await this.changes.record(
        { userId, change: 'backup_codes_regenerated', method: 'backup_code', client },
        tx,
      );
      return codes;
    }, LONG_TRANSACTION);
  }

  /** Spends a code; false when it is unknown or already used. */
  async redeem(userId: string, code: string, client: ActingClient): Promise<boolean> {
    const canonical = canonicalBackupCode(code);
    if (canonical === null) return false;
    const codeHash = this.hash.digest(canonical);
    return this.transactions.run(async (tx) => {
      const spent = await this.factors.consumeBackupCode(userId, codeHash, client.ip, this.clock.now(), tx);
      if (spent)
        await this.changes.record({ userId, change: 'backup_code_used', method: 'backup_code', client }, tx);
      return spent;
    }, LONG_TRANSACTION);
  }

  async remaining(userId: string): Promise<number> {
    return this.factors.unusedBackupCodes(userId);
  }
}
