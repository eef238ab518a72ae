import { Injectable } from '@nestjs/common';
import {
  AccountSummary,
  CREATE_USER,
  FIND_ACCOUNT,
  GET_USER_CONTACTS,
  MAY_ADMINISTER,
  MayAdministerDecision,
  PasswordSetReason,
  RECORD_SESSION,
  REGISTER_USER,
  SET_PASSWORD,
  TOUCH_SESSION,
  TouchedSession,
  UserContacts,
  UserView,
  VERIFY_CREDENTIALS,
  VerifyCredentialsResponse,
} from '@orion/contracts';
import { FieldSealer, InjectServiceClient, sealedPurpose, ServiceClient } from '@orion/core';

/**
 * The one way the auth service talks to the user service. Reads and writes keyed by the caller are
 * idempotent and retried (SERVICE_CALL_TIMEOUT_MS, SERVICE_CALL_RETRIES); creating an account is
 * not, since a timeout does not tell whether it was created. Passwords travel sealed for the user
 * service, so Redis never sees them in clear. Failures reach the caller as the transport raised them.
 */
@Injectable()
export class UsersClient {
  constructor(
    @InjectServiceClient('user') private readonly users: ServiceClient,
    private readonly sealer: FieldSealer,
  ) {}

  /** The answer is the same for a taken address (its owner is told instead). */
  async register(account: { email: string; password: string; displayName?: string }): Promise<void> {
    const password = this.sealer.sealFor('user', sealedPurpose(REGISTER_USER, 'password'), account.password);
    await this.users.send(REGISTER_USER, { ...account, password });
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

  /** A live account by address or id, or null. */
  findAccount(by: { email: string } | { userId: string }): Promise<AccountSummary | null> {
    return this.users.send(FIND_ACCOUNT, by, { idempotent: true });
  }

  /** The account's address and phone, as the user service holds them. */
  contactsOf(userId: string): Promise<UserContacts | null> {
    return this.users.send(GET_USER_CONTACTS, { userId }, { idempotent: true });
  }

  /** Whether the actor outranks or equals the target (holds every permission the target holds). */
  mayAdminister(actorId: string, targetId: string): Promise<MayAdministerDecision> {
    return this.users.send(MAY_ADMINISTER, { actorId, targetId }, { idempotent: true });
  }

  verifyCredentials(email: string, password: string): Promise<VerifyCredentialsResponse> {
    const sealed = this.sealer.sealFor('user', sealedPurpose(VERIFY_CREDENTIALS, 'password'), password);
    return this.users.send(VERIFY_CREDENTIALS, { email, password: sealed }, { idempotent: true });
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

  async recordSession(session: {
    userId: string;
    familyId: string;
    expiresAt: Date;
    deviceName?: string;
    ipAddress?: string;
    userAgent?: string;
  }): Promise<string> {
    const recorded = await this.users.send(
      RECORD_SESSION,
      {
        userId: session.userId,
        authFamilyId: session.familyId,
        expiresAt: session.expiresAt.toISOString(),
        ...(session.deviceName && { deviceName: session.deviceName.slice(0, 100) }),
        ...(session.ipAddress && { ipAddress: session.ipAddress }),
        ...(session.userAgent && { userAgent: session.userAgent.slice(0, 1000) }),
      },
      { idempotent: true },
    );
    return recorded.sessionId;
  }

  touchSession(familyId: string, ipAddress?: string): Promise<TouchedSession> {
    return this.users.send(
      TOUCH_SESSION,
      { authFamilyId: familyId, ...(ipAddress && { ipAddress }) },
      { idempotent: true },
    );
  }
}
