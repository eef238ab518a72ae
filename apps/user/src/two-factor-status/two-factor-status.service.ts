import { Injectable } from '@nestjs/common';
import type { TwoFactorChangedEvent } from '@orion/contracts';
import type { Tx } from '../database/transaction.runner';
import { UserNotFoundError } from '../users/users.errors';
import { TwoFactorStatusRepository } from './two-factor-status.repository';
import type { TwoFactorStatus } from './two-factor-status.types';

@Injectable()
export class TwoFactorStatusService {
  constructor(private readonly status: TwoFactorStatusRepository) {}

  async of(userId: string): Promise<TwoFactorStatus> {
    const status = await this.status.find(userId);
    if (!status) throw new UserNotFoundError();
    return status;
  }

  /** Applies what auth reported, in the event's inbox transaction; false when it was older. */
  apply(event: TwoFactorChangedEvent, tx: Tx): Promise<boolean> {
    return this.status.apply(
      event.userId,
      new Set(event.methods),
      event.backupCodesLeft,
      new Date(event.occurredAt),
      tx,
    );
  }
}
