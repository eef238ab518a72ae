import { Inject, Injectable } from '@nestjs/common';
import { Clock, SERVICE_CONFIG, ServiceConfig } from '@orion/core';
import type { UserPrincipal } from '@orion/security';
import { AuthenticationService } from '../authentication/authentication.service';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import { SignInClient } from '../sign-in/sign-in.types';
import { amrOf, AuthenticationFactor } from '../tokens/session-authentication';
import { TokenFamiliesService } from '../tokens/token-families.service';
import { TotpService } from '../two-factor/totp.service';
import { StepUpMethod } from './dto/step-up.dto';
import { StepUpFactorsService } from './step-up-factors.service';
import { StepUpMethodUnavailableError, StepUpSessionEndedError } from './step-up.errors';
import { UsersClient } from '../users/users.client';

export interface StepUpAnswer {
  method: StepUpMethod;
  password?: string;
  code?: string;
  credential?: Record<string, unknown>;
}

export interface SteppedUp {
  accessToken: string;
  expiresIn: number;
  sessionId: string;
  authenticatedAt: Date;
  amr: string[];
  recentUntil: Date;
}

/**
 * Re-authentication of a signed-in user before a sensitive change: the password (through the
 * sign-in's lockout and limits) or an enabled second factor (app code, security key, SMS or
 * e-mail code) renews the session's auth_time and amr.
 */
@Injectable()
export class StepUpService {
  constructor(
    private readonly clock: Clock,
    private readonly authentication: AuthenticationService,
    private readonly users: UsersClient,
    private readonly totp: TotpService,
    private readonly factors: StepUpFactorsService,
    private readonly families: TokenFamiliesService,
    private readonly securityEvents: SecurityEventsService,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
  ) {}

  async stepUp(caller: UserPrincipal, answer: StepUpAnswer, client: SignInClient): Promise<SteppedUp> {
    if (!caller.sessionId) throw new StepUpSessionEndedError();
    const factor = await this.prove(caller.userId, answer, client);
    const now = this.clock.now();
    const authentication = { authTime: now, amr: amrOf([factor]) };
    const validForS = this.service.security.reauthenticationMaxAgeS;
    const renewed = await this.families.renewAuthentication(
      {
        userId: caller.userId,
        accessTokenId: caller.tokenId,
        factor,
        authentication,
        validForS,
        emailVerified: caller.emailVerified !== false,
      },
      client,
      now,
    );
    if (!renewed) throw new StepUpSessionEndedError();
    await this.securityEvents.record({
      userId: caller.userId,
      type: SECURITY_EVENT_TYPES.sessionSteppedUp,
      severity: 'info',
      ipAddress: client.ip,
      userAgent: client.userAgent,
      metadata: { method: factor, sessionId: renewed.sessionId, familyId: renewed.familyId },
    });
    return {
      accessToken: renewed.accessToken,
      expiresIn: renewed.expiresIn,
      sessionId: renewed.sessionId,
      authenticatedAt: now,
      amr: authentication.amr,
      recentUntil: new Date(now.getTime() + validForS * 1000),
    };
  }

  /** Checks the answer; a wrong one throws, counted like a failed sign-in or a wrong code. */
  private async prove(
    userId: string,
    answer: StepUpAnswer,
    client: SignInClient,
  ): Promise<AuthenticationFactor> {
    switch (answer.method) {
      case 'totp':
        await this.totp.verifyForStepUp(userId, answer.code ?? '');
        return 'totp';
      case 'webauthn':
        await this.factors.proveWebAuthn(userId, answer.credential, client);
        return 'webauthn';
      case 'sms':
      case 'email':
        await this.factors.proveCode(userId, answer.method, answer.code ?? '');
        return answer.method;
      case 'password':
        await this.confirmPassword(userId, answer.password ?? '', client);
        return 'password';
    }
  }

  /** The signed-in user's password, checked exactly like a sign-in's (limits, lockout, attempts). */
  async confirmPassword(userId: string, password: string, client: SignInClient): Promise<void> {
    const contacts = await this.users.contactsOf(userId);
    if (!contacts?.email) throw new StepUpMethodUnavailableError('password');
    await this.authentication.confirmPassword({ userId, email: contacts.email }, password, client);
  }
}
