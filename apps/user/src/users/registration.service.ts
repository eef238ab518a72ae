import { Injectable } from '@nestjs/common';
import { USER_REGISTRATION_ATTEMPTED } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import { randomUUID } from 'node:crypto';
import { RegistrationNoticesStore } from './registration-notices.store';
import { EmailTakenError } from './users.errors';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { TransactionRunner } from '../database/transaction.runner';

const standInAddress = () => `registration-${randomUUID()}@example.invalid`;

export interface SignUp {
  email: string;
  password: string;
  displayName?: string;
}

/**
 * Sign-up without telling anyone whether the address was taken: not by the answer, and not by
 * its timing. Both paths hash the password, look the address up and run the statements that
 * create an account; for a taken address they run against a stand-in address inside a savepoint
 * that is rolled back, and the owner of the address is told instead
 * (`user.registration-attempted.v1`, at most once per REGISTRATION_NOTICE_INTERVAL_S). Both then
 * commit one transaction with writes in it.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: UsersService,
    private readonly events: EventPublisher,
    private readonly notices: RegistrationNoticesStore,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async register(signUp: SignUp): Promise<void> {
    const passwordHash = await this.accounts.hashAcceptable(signUp.password, [signUp.email]);
    try {
      await this.transactions.run(async (tx) => {
        const ownerId = await this.users.ownerOfEmail(signUp.email, tx);
        const account = ownerId === null ? signUp : { ...signUp, email: standInAddress() };
        await this.users.inSavepoint(
          ownerId === null,
          () => this.accounts.insert(account, passwordHash, null, 'sign-up', tx),
          tx,
        );
        // Asked for a new address too (under a throw-away subject), so both paths wait on Redis alike.
        const mayNotify = await this.notices.claim(ownerId ?? randomUUID());
        if (ownerId === null || !mayNotify) return;
        await this.events.publish(tx, USER_REGISTRATION_ATTEMPTED, {
          userId: ownerId,
          email: signUp.email,
          occurredAt: this.clock.now().toISOString(),
        });
      });
    } catch (error) {
      // A concurrent sign-up for the same address won the unique index: accepted alike.
      if (!(error instanceof EmailTakenError)) throw error;
    }
  }
}
