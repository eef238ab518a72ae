import { Injectable } from '@nestjs/common';
import { USER_EMAIL_VERIFIED, UserEmailVerifiedEvent } from '@orion/contracts';
import { EventContext, OnEvent } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { PreVerificationService } from './pre-verification.service';

@Injectable()
export class PreVerificationHandlers {
  constructor(private readonly preVerification: PreVerificationService) {}

  /** An account's address was proven for the first time: what it gained before goes. */
  @OnEvent(USER_EMAIL_VERIFIED)
  async emailVerified(event: UserEmailVerifiedEvent, { tx }: EventContext<Tx>): Promise<void> {
    await this.preVerification.clear(event.userId, new Date(event.occurredAt), tx);
  }
}
