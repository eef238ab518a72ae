import { Injectable } from '@nestjs/common';
import {
  AccountSummary,
  CREATE_USER,
  FIND_ACCOUNT,
  PasswordSetReason,
  SET_PASSWORD,
  UserView,
} from '@orion/contracts';
import { FieldSealer, InjectServiceClient, sealedPurpose, ServiceClient } from '@orion/core';

/** The user service, as recovery and social sign-in need it: finding, creating, re-keying accounts. */
@Injectable()
export class AccountDirectory {
  constructor(
    @InjectServiceClient('user') private readonly users: ServiceClient,
    private readonly sealer: FieldSealer,
  ) {}

  /** A live account by address or id, or null. */
  find(by: { email: string } | { userId: string }): Promise<AccountSummary | null> {
    return this.users.send(FIND_ACCOUNT, by, { idempotent: true });
  }

  /** An account without a password; `emailVerified` when the identity provider vouched for the address. */
  createWithoutPassword(account: {
    email: string;
    emailVerified: boolean;
    displayName?: string;
  }): Promise<UserView> {
    return this.users.send(CREATE_USER, {
      email: account.email,
      emailVerified: account.emailVerified,
      ...(account.displayName && { displayName: account.displayName.slice(0, 150) }),
    });
  }

  /** The user service applies the policy again, hashes, ends its sessions and audits. */
  async setPassword(
    userId: string,
    password: string,
    reason: PasswordSetReason,
    sessions: { keepSessionId?: string; endOtherSessions?: boolean } = {},
  ): Promise<Date> {
    const { changedAt } = await this.users.send(
      SET_PASSWORD,
      {
        userId,
        password: this.sealer.sealFor('user', sealedPurpose(SET_PASSWORD, 'password'), password),
        reason,
        ...(sessions.keepSessionId && { keepSessionId: sessions.keepSessionId }),
        ...(sessions.endOtherSessions !== undefined && { endOtherSessions: sessions.endOtherSessions }),
      },
      { idempotent: true },
    );
    return new Date(changedAt);
  }
}
