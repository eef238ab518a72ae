import { Inject, Injectable } from '@nestjs/common';
import { Clock, SecretBox } from '@orion/core';
import { toDataURL } from 'qrcode';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { BackupCodesService } from './backup-codes.service';
import { TotpAttemptsStore } from './totp-attempts.store';
import { checkTotp, newTotpSecret, TOTP_PERIOD_S, totpUri } from './totp-codes';
import { TwoFactorChangesService } from './two-factor-changes.service';
import {
  EnrolmentNotFoundError,
  FactorAlreadyEnabledError,
  FactorNotFoundError,
  TooManyCodesError,
  TwoFactorCodeInvalidError,
} from './two-factor.errors';
import { TwoFactorRepository } from './two-factor.repository';
import { ActingClient, StoredFactor, TotpEnrolment } from './two-factor.types';
import { LONG_TRANSACTION, TransactionRunner } from '../database/transaction.runner';
import { UsersClient } from '../users/users.client';

// Seconds either side of now: one 30-second step of clock drift, no more.
const DRIFT_S = TOTP_PERIOD_S;

// Wrong codes at confirm or disable are counted for this long.
const FAILURE_WINDOW_S = 900;

/** Authenticator-app codes (RFC 6238: SHA-1, 6 digits, 30 s), with replay protection. */
@Injectable()
export class TotpService {
  private readonly box: SecretBox;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly factors: TwoFactorRepository,
    private readonly backupCodes: BackupCodesService,
    private readonly changes: TwoFactorChangesService,
    private readonly users: UsersClient,
    private readonly attempts: TotpAttemptsStore,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {
    this.box = new SecretBox(config.keyEncryptionSecret, 'totp-secret');
  }

  /** A new secret, pending until a first valid code confirms the app holds it. */
  async enrol(userId: string, label?: string): Promise<TotpEnrolment> {
    if ((await this.factors.activeFactors(userId, 'totp')).length > 0)
      throw new FactorAlreadyEnabledError('totp');
    const secret = newTotpSecret();
    const account = (await this.users.contactsOf(userId).catch(() => null))?.email ?? userId;
    const otpauthUri = totpUri(this.config.twoFactor.totpIssuer, account, secret);
    const factor = await this.transactions.run(
      (tx) =>
        this.factors.createFactor(
          {
            userId,
            method: 'totp',
            label: label ?? 'Authenticator app',
            secretEncrypted: this.box.seal(secret),
          },
          tx,
        ),
      LONG_TRANSACTION,
    );
    return { factorId: factor.id, secret, otpauthUri, qrCodeDataUrl: await toDataURL(otpauthUri) };
  }

  /** Activates the pending secret; returns backup codes when the user had none. */
  async confirm(userId: string, code: string, client: ActingClient): Promise<{ backupCodes?: string[] }> {
    const pending = await this.factors.pendingFactor(userId, 'totp');
    if (!pending) throw new EnrolmentNotFoundError('totp');
    await this.checkOrCount(userId, pending, code);
    return this.transactions.run(async (tx) => {
      if (!(await this.factors.markVerified(pending.id, this.clock.now(), tx)))
        throw new EnrolmentNotFoundError('totp');
      const backupCodes = await this.backupCodes.issueIfMissing(userId, tx);
      await this.changes.record(
        { userId, change: 'enabled', method: 'totp', client, factorId: pending.id },
        tx,
      );
      return backupCodes ? { backupCodes } : {};
    }, LONG_TRANSACTION);
  }

  /** Removing the app needs a current code from it, not just a stolen access token. */
  async disable(userId: string, code: string, client: ActingClient): Promise<void> {
    const [factor] = await this.factors.activeFactors(userId, 'totp');
    if (!factor) throw new FactorNotFoundError('totp');
    await this.checkOrCount(userId, factor, code);
    await this.transactions.run(async (tx) => {
      await this.factors.removeMethod(userId, 'totp', tx);
      await this.factors.deleteBackupCodesWithoutFactor(userId, tx);
      await this.changes.record(
        { userId, change: 'disabled', method: 'totp', client, factorId: factor.id },
        tx,
      );
    }, LONG_TRANSACTION);
  }

  /**
   * A signed-in user confirming who they are (step-up): a current code, with wrong ones counted
   * in the same per-user budget as confirm and disable.
   */
  async verifyForStepUp(userId: string, code: string): Promise<void> {
    const [factor] = await this.factors.activeFactors(userId, 'totp');
    if (!factor) throw new FactorNotFoundError('totp');
    await this.checkOrCount(userId, factor, code);
    await this.factors.touch(factor.id, this.clock.now());
  }

  /** A sign-in's TOTP answer: valid for an enabled factor and not used before. */
  async verifyForSignIn(userId: string, code: string): Promise<boolean> {
    const [factor] = await this.factors.activeFactors(userId, 'totp');
    if (!factor || !(await this.accepts(factor, code))) return false;
    await this.factors.touch(factor.id, this.clock.now());
    return true;
  }

  /**
   * Outside a sign-in challenge (confirm, disable) wrong codes are budgeted per user, so a stolen
   * access token cannot be used to guess its way to switching the app off.
   */
  private async checkOrCount(userId: string, factor: StoredFactor, code: string): Promise<void> {
    const failures = await this.attempts.failures(userId);
    if (failures >= this.config.twoFactor.maxAttempts) throw new TooManyCodesError(FAILURE_WINDOW_S);
    if (await this.accepts(factor, code)) return;
    await this.attempts.countFailure(userId, FAILURE_WINDOW_S);
    throw new TwoFactorCodeInvalidError();
  }

  /**
   * Checks the code within ±1 step, then claims its time step atomically: the same code (or an
   * older one) presented again, even concurrently, is refused.
   */
  private async accepts(factor: StoredFactor, code: string): Promise<boolean> {
    if (!factor.secretEncrypted || !/^[0-9]{6}$/.test(code)) return false;
    const secret = this.box.openText(factor.secretEncrypted);
    const result = await checkTotp(secret, code, DRIFT_S);
    if (!result.valid || !('timeStep' in result)) return false;
    // Kept a little longer than a code can be valid; after that the window refuses old steps anyway.
    return this.attempts.claimStep(factor.id, result.timeStep, TOTP_PERIOD_S * 4);
  }
}
