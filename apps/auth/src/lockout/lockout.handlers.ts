import { Injectable } from '@nestjs/common';
import { PASSWORD_CHANGED, PasswordChangedEvent } from '@orion/contracts';
import { EventContext, OnEvent } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { LockoutService } from './lockout.service';

/** A new password proves control of the account (a reset, of its mailbox): its locks go. */
@Injectable()
export class LockoutHandlers {
  constructor(private readonly lockout: LockoutService) {}

  @OnEvent(PASSWORD_CHANGED)
  async passwordChanged(event: PasswordChangedEvent, { tx }: EventContext<Tx>): Promise<void> {
    await this.lockout.unlock(event.userId, { reason: `password_${event.method}`, recordAlways: false }, tx);
  }
}
