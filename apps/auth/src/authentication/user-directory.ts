import { Injectable } from '@nestjs/common';
import {
  CREATE_USER,
  RECORD_SESSION,
  TOUCH_SESSION,
  UserView,
  VERIFY_CREDENTIALS,
  VerifyCredentialsResponse,
} from '@orion/contracts';
import { FieldSealer, InjectServiceClient, sealedPurpose, ServiceClient } from '@orion/core';

/** The user service, as sign-up and sign-in need it: accounts, password checks, sessions. */
@Injectable()
export class UserDirectory {
  constructor(
    @InjectServiceClient('user') private readonly users: ServiceClient,
    private readonly sealer: FieldSealer,
  ) {}

  /** Not retried: a timeout does not tell whether the account was created. */
  createUser(account: { email: string; password: string }): Promise<UserView> {
    const password = this.sealer.sealFor('user', sealedPurpose(CREATE_USER, 'password'), account.password);
    return this.users.send(CREATE_USER, { ...account, password });
  }

  /** The password travels sealed for the user service: Redis never sees it in clear. */
  verifyCredentials(email: string, password: string): Promise<VerifyCredentialsResponse> {
    const sealed = this.sealer.sealFor('user', sealedPurpose(VERIFY_CREDENTIALS, 'password'), password);
    return this.users.send(VERIFY_CREDENTIALS, { email, password: sealed }, { idempotent: true });
  }

  async recordSession(session: {
    userId: string;
    familyId: string;
    expiresAt: Date;
    ipAddress?: string;
    userAgent?: string;
  }): Promise<string> {
    const recorded = await this.users.send(
      RECORD_SESSION,
      {
        userId: session.userId,
        authFamilyId: session.familyId,
        expiresAt: session.expiresAt.toISOString(),
        ...(session.ipAddress && { ipAddress: session.ipAddress }),
        ...(session.userAgent && { userAgent: session.userAgent.slice(0, 1000) }),
      },
      { idempotent: true },
    );
    return recorded.sessionId;
  }

  async touchSession(familyId: string, ipAddress?: string): Promise<boolean> {
    const touched = await this.users.send(
      TOUCH_SESSION,
      { authFamilyId: familyId, ...(ipAddress && { ipAddress }) },
      { idempotent: true },
    );
    return touched.active;
  }
}
