import { Injectable, Logger } from '@nestjs/common';
import { TWO_FACTOR_CHANGED, TwoFactorChangedEvent } from '@orion/contracts';
import { EventContext, OnEvent } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { TwoFactorStatusService } from './two-factor-status.service';

/** Keeps the read model of a user's second factors in step with the auth service, which owns them. */
@Injectable()
export class TwoFactorStatusHandlers {
  private readonly logger = new Logger(TwoFactorStatusHandlers.name);

  constructor(private readonly status: TwoFactorStatusService) {}

  @OnEvent(TWO_FACTOR_CHANGED)
  async twoFactorChanged(event: TwoFactorChangedEvent, { tx }: EventContext<Tx>): Promise<void> {
    const applied = await this.status.apply(event, tx);
    if (!applied)
      this.logger.log({ userId: event.userId }, 'Older or unknown-user second-factor change ignored');
  }
}
