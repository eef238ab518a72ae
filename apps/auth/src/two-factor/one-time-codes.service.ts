import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TWO_FACTOR_CODE_REQUESTED, TwoFactorChannel } from '@orion/contracts';
import { Clock, EventPublisher, FieldSealer, sealedPurpose } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { EnrolmentCodesStore } from './enrolment-codes.store';
import { KeyedHash } from './keyed-hash';
import { SmsPolicyService } from './sms-policy.service';
import { TooManyCodesError } from './two-factor.errors';
import { LONG_TRANSACTION, TransactionRunner } from '../database/transaction.runner';
import { SealedCode } from './two-factor.types';

/**
 * Six-digit codes sent by SMS or e-mail: random, short-lived, single use, kept only as keyed
 * hashes. Delivery is the notification service's job: the code travels in
 * auth.two-factor-code-requested.v1, written to the outbox in its own transaction.
 */
@Injectable()
export class OneTimeCodesService {
  private readonly hash: KeyedHash;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly events: EventPublisher,
    private readonly enrolments: EnrolmentCodesStore,
    private readonly smsPolicy: SmsPolicyService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly sealer: FieldSealer,
  ) {
    this.hash = new KeyedHash(config.keyEncryptionSecret, 'one-time-codes');
  }

  /** A fresh code and its sealed form; nothing is stored or sent yet. */
  create(now = this.clock.now()): { code: string; sealed: SealedCode; expiresAt: Date } {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + this.config.twoFactor.codeTtlS * 1000);
    return { code, sealed: `${this.hash.digest(code)}.${expiresAt.getTime()}`, expiresAt };
  }

  /**
   * Hands the code to the notification service (outbox, own transaction). Every text passes the
   * SMS policy here first (allowed region, daily caps), whichever path asked for it.
   */
  async deliver(
    delivery: { userId: string; channel: TwoFactorChannel; destination: string },
    code: string,
    expiresAt: Date,
    now = this.clock.now(),
  ): Promise<void> {
    if (delivery.channel === 'sms') await this.smsPolicy.admit(delivery.userId, delivery.destination, now);
    await this.transactions.run(
      (tx) =>
        this.events.publish(tx, TWO_FACTOR_CODE_REQUESTED, {
          userId: delivery.userId,
          channel: delivery.channel,
          destination: delivery.destination,
          // Only the notification service, which sends it, can read the code.
          oneTimeCode: this.sealer.sealFor(
            'notification',
            sealedPurpose(TWO_FACTOR_CODE_REQUESTED, 'oneTimeCode'),
            code,
          ),
          expiresAt: expiresAt.toISOString(),
          occurredAt: now.toISOString(),
        }),
      LONG_TRANSACTION,
    );
  }

  /** Constant-time check of a typed code against a sealed one, expiry included. */
  matches(code: string, sealed: SealedCode | null | undefined, now = this.clock.now()): boolean {
    if (!sealed || !/^[0-9]{6}$/.test(code)) return false;
    const [digest, expiresMs] = sealed.split('.');
    return Number(expiresMs) > now.getTime() && this.hash.matches(code, digest);
  }

  /** Sends the code confirming a new SMS or e-mail factor and keeps it with the enrolment. */
  async sendForEnrolment(
    factorId: string,
    delivery: { userId: string; channel: TwoFactorChannel; destination: string },
  ): Promise<Date> {
    // Enrolment texts cost money and reach numbers the user merely typed: a few per code lifetime.
    const sends = await this.enrolments.countSend(delivery.userId, this.config.twoFactor.codeTtlS);
    if (sends > this.config.twoFactor.maxAttempts)
      throw new TooManyCodesError(this.config.twoFactor.codeTtlS);
    const { code, sealed, expiresAt } = this.create();
    await this.enrolments.keep(factorId, sealed, this.config.twoFactor.codeTtlS);
    await this.deliver(delivery, code, expiresAt);
    return expiresAt;
  }

  /** True once for the right code; wrong codes use up the enrolment's attempts. */
  async confirmEnrolment(factorId: string, code: string): Promise<boolean> {
    const sealed = await this.enrolments.sealed(factorId);
    if (sealed && this.matches(code, sealed)) return this.enrolments.take(factorId);
    await this.enrolments.recordWrongCode(factorId, this.config.twoFactor.maxAttempts);
    return false;
  }
}
