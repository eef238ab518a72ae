import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TWO_FACTOR_CODE_REQUESTED, TwoFactorChannel } from '@orion/contracts';
import { Clock, EventPublisher, FieldSealer, REDIS_CLIENT, RedisNamespace, sealedPurpose } from '@orion/core';
import type Redis from 'ioredis';
import { AUTH_CONFIG, AuthConfig } from '../config/auth-config';
import { KeyedHash } from './keyed-hash';
import { SmsPolicyService } from './sms-policy.service';
import { TooManyCodesError } from './two-factor.errors';
import { LONG_TRANSACTION, TransactionRunner } from '../database/transaction.runner';

/** A code's keyed hash and expiry, as kept next to whatever it unlocks: "<hex>.<epoch ms>". */
export type SealedCode = string;

const enrolmentKey = (ns: RedisNamespace, factorId: string) =>
  ns.key('auth', 'two-factor-enrolment', factorId);
const enrolmentSendsKey = (ns: RedisNamespace, userId: string) =>
  ns.key('auth', 'two-factor-enrolment-sends', userId);

// Counts a send in a window that starts with the first one.
const COUNT_SEND = `
local sends = redis.call('INCR', KEYS[1])
if sends == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
return sends`;

// Counts a wrong code and drops the enrolment code once the budget is spent.
const ENROLMENT_FAILURE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
if attempts >= tonumber(ARGV[1]) then redis.call('DEL', KEYS[1]) end
return attempts`;

/**
 * Six-digit codes sent by SMS or e-mail: random, short-lived, single use, kept only as keyed
 * hashes. Delivery is the notification service's job: the code travels in
 * auth.two-factor-code-requested.v1, written to the outbox in its own transaction.
 */
@Injectable()
export class OneTimeCodes {
  private readonly hash: KeyedHash;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly events: EventPublisher,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
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
    const sends = await this.redis.eval(
      COUNT_SEND,
      1,
      enrolmentSendsKey(this.namespace, delivery.userId),
      this.config.twoFactor.codeTtlS,
    );
    if (Number(sends) > this.config.twoFactor.maxAttempts)
      throw new TooManyCodesError(this.config.twoFactor.codeTtlS);
    const { code, sealed, expiresAt } = this.create();
    const key = enrolmentKey(this.namespace, factorId);
    await this.redis
      .multi()
      .hset(key, { sealed, attempts: '0' })
      .expire(key, this.config.twoFactor.codeTtlS)
      .exec();
    await this.deliver(delivery, code, expiresAt);
    return expiresAt;
  }

  /** True once for the right code; wrong codes use up the enrolment's attempts. */
  async confirmEnrolment(factorId: string, code: string): Promise<boolean> {
    const key = enrolmentKey(this.namespace, factorId);
    const sealed = await this.redis.hget(key, 'sealed');
    if (sealed && this.matches(code, sealed)) return (await this.redis.del(key)) === 1;
    await this.redis.eval(ENROLMENT_FAILURE, 1, key, this.config.twoFactor.maxAttempts);
    return false;
  }
}
