import { Injectable, Logger } from '@nestjs/common';
import { TWO_FACTOR_CHANGED, TwoFactorChangedEvent } from '@orion/contracts';
import { EventContext, OnEvent } from '@orion/core';
import type { UserTransaction } from '../audit/audit.repository';
import { TwoFactorStatusRepository } from './two-factor-status.repository';

/** Keeps the read model of a user's second factors in step with the auth service, which owns them. */
@Injectable()
export class TwoFactorStatusHandlers {
  private readonly logger = new Logger(TwoFactorStatusHandlers.name);

  constructor(private readonly status: TwoFactorStatusRepository) {}

  @OnEvent(TWO_FACTOR_CHANGED)
  async twoFactorChanged(event: TwoFactorChangedEvent, { tx }: EventContext): Promise<void> {
    const applied = await this.status.apply(
      tx as unknown as UserTransaction,
      event.userId,
      new Set(event.methods),
      event.backupCodesLeft,
      new Date(event.occurredAt),
    );
    if (!applied)
      this.logger.log({ userId: event.userId }, 'Older or unknown-user second-factor change ignored');
  }
}
