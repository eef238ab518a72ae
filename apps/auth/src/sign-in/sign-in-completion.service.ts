import { Inject, Injectable, Logger } from '@nestjs/common';
import { NEW_DEVICE_SIGNED_IN, SIGN_IN_BLOCKED } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { TransactionRunner } from '../database/transaction.runner';
import { DevicesService } from '../devices/devices.service';
import { LockoutService } from '../lockout/lockout.service';
import { MfaChallengeService } from '../mfa/mfa-challenge.service';
import { SERVICE_RATE_LIMITS } from '../rate-limits/rate-limit.types';
import { RateLimitsService } from '../rate-limits/rate-limits.service';
import { RiskService } from '../risk/risk.service';
import { RiskAssessment } from '../risk/risk.types';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import { amrOf, AuthenticationFactor } from '../tokens/session-authentication';
import { TokenFamiliesService } from '../tokens/token-families.service';
import { TokenPair } from '../tokens/token.types';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { SignInBlockedError } from './sign-in.errors';
import { PendingSignIn, PrimaryFactorResult, SignInResult } from './sign-in.types';
import { InvalidCredentialsError } from '../authentication/authentication.errors';
import { UsersClient } from '../users/users.client';

/** What the identifier rule counts for a sign-in: the trusted device it came from, else the address. */
export const signInLimitSubject = (identifier: string, trustedDeviceId: string | null): string =>
  trustedDeviceId ? `device:${trustedDeviceId}` : identifier;

/**
 * What every sign-in goes through once its first factor (password or an identity provider) is
 * proven: the device, the risk score, the second-factor decision, and finally the session.
 */
@Injectable()
export class SignInCompletionService {
  private readonly logger = new Logger(SignInCompletionService.name);

  constructor(
    private readonly devices: DevicesService,
    private readonly risk: RiskService,
    private readonly mfa: MfaChallengeService,
    private readonly users: UsersClient,
    private readonly families: TokenFamiliesService,
    private readonly attempts: LoginAttemptsRepository,
    private readonly lockout: LockoutService,
    private readonly securityEvents: SecurityEventsService,
    private readonly events: EventPublisher,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly rateLimits: RateLimitsService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** After the first factor (password or OIDC): devices, risk, MFA decision; tokens or a challenge. */
  async afterPrimaryFactor(input: PrimaryFactorResult): Promise<SignInResult> {
    const device = await this.devices.recognise(input.userId, input.client);
    const risk = await this.risk.assess({
      userId: input.userId,
      ip: input.client.ip,
      newDevice: device.newDevice,
    });
    const pending: PendingSignIn = {
      ...input,
      deviceId: device.deviceId,
      newDevice: device.newDevice,
      deviceTrusted: device.trusted,
      riskScore: risk.score,
      riskReasons: risk.reasons,
    };
    const thresholds = this.config.defence.risk;
    if (risk.score >= thresholds.blockThreshold) await this.block(pending, risk);

    const enrolled = await this.mfa.enrolledMethods(input.userId);
    const needsSecondFactor =
      (enrolled.length > 0 && !device.trusted) || risk.score >= thresholds.mfaThreshold;
    if (!needsSecondFactor) return { status: 'authenticated', tokens: await this.finish(pending, null) };

    const challenge = await this.mfa.begin(pending);
    await this.attempts.record({
      ...this.attemptOf(pending, risk),
      outcome: 'MFA_REQUIRED',
      metadata: { methods: challenge.methods, evidence: risk.evidence },
    });
    return { status: 'mfa_required', challenge };
  }

  /**
   * Every sign-in ends here, after its last factor: session in the user service, token family,
   * attempt recorded, events; and only now the guess counters of the account are reset.
   */
  async finish(pending: PendingSignIn, secondFactor: AuthenticationFactor | null): Promise<TokenPair> {
    const { userId, client } = pending;
    const factors: AuthenticationFactor[] = secondFactor ? [pending.method, secondFactor] : [pending.method];
    const authentication = { authTime: this.clock.now(), amr: amrOf(factors) };
    const familyId = this.families.newFamilyId();
    const known = pending.deviceId ? await this.devices.describe(userId, pending.deviceId) : null;
    const sessionId = await this.users.recordSession({
      userId,
      familyId,
      expiresAt: this.families.absoluteExpiry(),
      deviceName: this.devices.sessionDeviceName(known, client.userAgent),
      ipAddress: client.ip,
      userAgent: client.userAgent,
    });
    const pair = await this.families.start(
      // A challenge sealed before this field existed is treated as unverified.
      {
        userId,
        familyId,
        sessionId,
        deviceId: pending.deviceId,
        authentication,
        emailVerified: pending.emailVerified === true,
      },
      client,
    );
    const location = this.risk.locate(client.ip);
    const device = pending.newDevice ? known : null;
    const now = this.clock.now();
    await this.transactions.run(async (tx) => {
      await this.attempts.record(
        {
          userId,
          identifier: pending.identifier,
          outcome: 'SUCCESS',
          method: pending.method,
          ipAddress: client.ip,
          userAgent: client.userAgent,
          deviceId: pending.deviceId,
          riskScore: pending.riskScore,
          riskReasons: pending.riskReasons,
          location,
          metadata: { ...(secondFactor && { secondFactor }), sessionId },
        },
        tx,
      );
      if (!device) return;
      await this.securityEvents.record(
        {
          userId,
          type: SECURITY_EVENT_TYPES.newDeviceSignIn,
          severity: 'warning',
          ipAddress: client.ip,
          userAgent: client.userAgent,
          deviceId: device.id,
          metadata: {
            deviceName: device.name,
            os: device.os,
            browser: device.browser,
            country: location?.country,
          },
        },
        tx,
      );
      await this.events.publish(tx, NEW_DEVICE_SIGNED_IN, {
        userId,
        email: pending.email,
        ip: client.ip.slice(0, 45),
        ...(location && { country: location.country }),
        deviceId: device.id,
        deviceName: device.name ?? 'Unknown device',
        ...(device.os && { os: device.os }),
        ...(device.browser && { browser: device.browser }),
        occurredAt: now.toISOString(),
      });
    });
    await this.lockout.recordSuccess(pending.identifier);
    // Only the counter this sign-in was charged to: an owner on a trusted device must not hand
    // strangers guessing at the address a fresh budget.
    await this.rateLimits.forgive(
      SERVICE_RATE_LIMITS.signInIdentifier,
      signInLimitSubject(pending.identifier, pending.deviceTrusted ? pending.deviceId : null),
    );
    return pair;
  }

  /**
   * Refuses a sign-in whose risk reaches the block threshold and tells the owner out of band. A
   * password sign-in is answered exactly like a wrong password, so the refusal does not tell the
   * client that the password was right.
   */
  private async block(pending: PendingSignIn, risk: RiskAssessment): Promise<never> {
    const { client } = pending;
    await this.transactions.run(async (tx) => {
      await this.attempts.record(
        {
          ...this.attemptOf(pending, risk),
          outcome: 'BLOCKED',
          failureReason: 'risk_too_high',
          metadata: { evidence: risk.evidence },
        },
        tx,
      );
      await this.securityEvents.record(
        {
          userId: pending.userId,
          type: SECURITY_EVENT_TYPES.signInBlocked,
          severity: 'critical',
          ipAddress: client.ip,
          userAgent: client.userAgent,
          deviceId: pending.deviceId,
          metadata: { riskScore: risk.score, reasons: risk.reasons, ...risk.evidence },
        },
        tx,
      );
      await this.events.publish(tx, SIGN_IN_BLOCKED, {
        userId: pending.userId,
        email: pending.email,
        ip: client.ip.slice(0, 45),
        ...(risk.location && { country: risk.location.country }),
        riskScore: risk.score,
        reasons: risk.reasons,
        occurredAt: this.clock.now().toISOString(),
      });
    });
    this.logger.warn(
      { userId: pending.userId, riskScore: risk.score, reasons: risk.reasons },
      'Sign-in blocked',
    );
    // Counted like the wrong password it is answered as, so delays and locks do not tell them apart.
    if (pending.method === 'password') {
      await this.lockout.recordFailure(pending.identifier, pending.userId, client);
    }
    throw pending.method === 'password' ? new InvalidCredentialsError() : new SignInBlockedError();
  }

  private attemptOf(pending: PendingSignIn, risk: RiskAssessment) {
    return {
      userId: pending.userId,
      identifier: pending.identifier,
      method: pending.method,
      ipAddress: pending.client.ip,
      userAgent: pending.client.userAgent,
      deviceId: pending.deviceId,
      riskScore: risk.score,
      riskReasons: risk.reasons,
      location: risk.location,
    };
  }
}
