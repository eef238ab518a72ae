import { Injectable } from '@nestjs/common';
import { UserNotFoundError } from '../users/users.errors';
import { TwoFactorStatusRepository } from './two-factor-status.repository';

@Injectable()
export class TwoFactorStatusService {
  constructor(private readonly status: TwoFactorStatusRepository) {}

  async of(userId: string) {
    const status = await this.status.find(userId);
    if (!status) throw new UserNotFoundError();
    return { ...status, syncedAt: status.syncedAt?.toISOString() ?? null };
  }
}
