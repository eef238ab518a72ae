import { Injectable } from '@nestjs/common';
import { Clock } from '@orion/core';
import { LONG_TRANSACTION, TransactionRunner } from '../database/transaction.runner';
import { OneTimeCodesService } from './one-time-codes.service';
import { SmsPolicyService } from './sms-policy.service';
import { TwoFactorChangesService } from './two-factor-changes.service';
import {
  CodeDeliveryUnavailableError,
  EnrolmentNotFoundError,
  FactorAlreadyEnabledError,
  FactorNotFoundError,
  SmsRequiresVerifiedEmailError,
  TwoFactorCodeInvalidError,
} from './two-factor.errors';
import { TwoFactorRepository } from './two-factor.repository';
import { ActingClient, MessageMethod } from './two-factor.types';
import { UsersClient } from '../users/users.client';

/**
 * Factors whose codes arrive as messages. SMS keeps the phone number it was verified with; e-mail
 * always uses the account's current address (the sign-in's), so it follows address changes.
 */
@Injectable()
export class MessageFactorsService {
  constructor(
    private readonly factors: TwoFactorRepository,
    private readonly codes: OneTimeCodesService,
    private readonly changes: TwoFactorChangesService,
    private readonly users: UsersClient,
    private readonly smsPolicy: SmsPolicyService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts an SMS enrolment and texts a code to the number; the factor is pending until confirmed.
   * Only for an account with a verified address, and a number of an allowed region: both are
   * checked before anything is stored or sent; the daily caps apply when the code is handed over.
   */
  async enrolSms(userId: string, phoneNumber: string): Promise<{ factorId: string; expiresAt: string }> {
    await this.refuseIfEnabled(userId, 'sms');
    const contacts = await this.users.contactsOf(userId);
    if (!contacts?.emailVerified || contacts.deleted) throw new SmsRequiresVerifiedEmailError();
    this.smsPolicy.destination(phoneNumber);
    const factor = await this.transactions.run(
      (tx) =>
        this.factors.createFactor({ userId, method: 'sms', label: 'Phone', destination: phoneNumber }, tx),
      LONG_TRANSACTION,
    );
    const expiresAt = await this.codes.sendForEnrolment(factor.id, {
      userId,
      channel: 'sms',
      destination: phoneNumber,
    });
    return { factorId: factor.id, expiresAt: expiresAt.toISOString() };
  }

  /** Starts an e-mail enrolment: a code goes to the account's address. */
  async enrolEmail(userId: string): Promise<{ factorId: string; expiresAt: string }> {
    await this.refuseIfEnabled(userId, 'email');
    const contacts = await this.users.contactsOf(userId);
    if (!contacts?.email || contacts.deleted) {
      throw new CodeDeliveryUnavailableError('The account has no address codes could be sent to.');
    }
    const factor = await this.transactions.run(
      (tx) => this.factors.createFactor({ userId, method: 'email', label: 'E-mail' }, tx),
      LONG_TRANSACTION,
    );
    const expiresAt = await this.codes.sendForEnrolment(factor.id, {
      userId,
      channel: 'email',
      destination: contacts.email,
    });
    return { factorId: factor.id, expiresAt: expiresAt.toISOString() };
  }

  async confirm(userId: string, method: MessageMethod, code: string, client: ActingClient): Promise<void> {
    const pending = await this.factors.pendingFactor(userId, method);
    if (!pending) throw new EnrolmentNotFoundError(method);
    if (!(await this.codes.confirmEnrolment(pending.id, code))) throw new TwoFactorCodeInvalidError();
    await this.transactions.run(async (tx) => {
      if (!(await this.factors.markVerified(pending.id, this.clock.now(), tx)))
        throw new EnrolmentNotFoundError(method);
      await this.changes.record({ userId, change: 'enabled', method, client, factorId: pending.id }, tx);
    }, LONG_TRANSACTION);
  }

  async disable(userId: string, method: MessageMethod, client: ActingClient): Promise<void> {
    const [factor] = await this.factors.activeFactors(userId, method);
    if (!factor) throw new FactorNotFoundError(method);
    await this.transactions.run(async (tx) => {
      await this.factors.removeMethod(userId, method, tx);
      await this.factors.deleteBackupCodesWithoutFactor(userId, tx);
      await this.changes.record({ userId, change: 'disabled', method, client, factorId: factor.id }, tx);
    }, LONG_TRANSACTION);
  }

  /** Where a sign-in's code goes: the verified phone, or the address the sign-in used. */
  async destinationFor(userId: string, method: MessageMethod, accountEmail: string): Promise<string> {
    if (method === 'email') return accountEmail;
    const [factor] = await this.factors.activeFactors(userId, 'sms');
    if (!factor?.destination) throw new FactorNotFoundError('sms');
    return factor.destination;
  }

  private async refuseIfEnabled(userId: string, method: MessageMethod): Promise<void> {
    if ((await this.factors.activeFactors(userId, method)).length > 0)
      throw new FactorAlreadyEnabledError(method);
  }
}
