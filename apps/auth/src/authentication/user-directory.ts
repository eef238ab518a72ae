import { Injectable } from '@nestjs/common';
import {
  MAY_ADMINISTER,
  MayAdministerDecision,
  RECORD_SESSION,
  REGISTER_USER,
  TOUCH_SESSION,
  TouchedSession,
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

  /**
   * Not retried: a timeout does not tell whether the account was created. The answer is the
   * same for a taken address (its owner is told instead). The password is sealed for the user
   * service: never in clear on Redis.
   */
  async register(account: { email: string; password: string; displayName?: string }): Promise<void> {
    const password = this.sealer.sealFor('user', sealedPurpose(REGISTER_USER, 'password'), account.password);
    await this.users.send(REGISTER_USER, { ...account, password });
  }

  /** Whether the actor outranks or equals the target (holds every permission the target holds). */
  mayAdminister(actorId: string, targetId: string): Promise<MayAdministerDecision> {
    return this.users.send(MAY_ADMINISTER, { actorId, targetId }, { idempotent: true });
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
