import { Inject, Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { DevicesService } from '../devices/devices.service';
import { LockoutService } from '../lockout/lockout.service';
import { SERVICE_RATE_LIMITS } from '../rate-limits/rate-limit.types';
import { RateLimitsService } from '../rate-limits/rate-limits.service';
import { LoginAttemptsRepository } from '../sign-in/login-attempts.repository';
import { SignInCompletionService } from '../sign-in/sign-in-completion.service';
import type { SignInClient } from '../sign-in/sign-in.types';
import { TokenPair } from '../tokens/token.types';
import { BackupCodesService } from '../two-factor/backup-codes.service';
import { MessageFactorsService } from '../two-factor/message-factors.service';
import { OneTimeCodesService } from '../two-factor/one-time-codes.service';
import { TotpService } from '../two-factor/totp.service';
import { MessageMethod, MfaMethod } from '../two-factor/two-factor.types';
import { WebAuthnService } from '../two-factor/webauthn.service';
import { MfaChallengeStore } from './mfa-challenge.store';
import { MfaChallengeInvalidError, MfaCodeInvalidError, MfaMethodNotAllowedError } from './mfa.errors';
import { SecondFactorAlertsService } from './second-factor-alerts.service';
import { StoredChallenge } from './mfa.types';

export interface MfaAnswer {
  challengeToken: string;
  method: MfaMethod;
  code?: string;
  credential?: AuthenticationResponseJSON;
  trustDevice?: boolean;
  /** The address the answer came from (the sign-in's may differ). */
  ip: string;
}

export interface MfaVerified {
  tokens: TokenPair;
  /** Only when the answer asked to trust the device: its new device token, shown once. */
  deviceToken?: string;
}

/** The second step of a sign-in: sends codes, checks the answer, then lets sign-in finish. */
@Injectable()
export class MfaVerificationService {
  constructor(
    private readonly challenges: MfaChallengeStore,
    private readonly completion: SignInCompletionService,
    private readonly devices: DevicesService,
    private readonly lockout: LockoutService,
    private readonly attempts: LoginAttemptsRepository,
    private readonly totp: TotpService,
    private readonly codes: OneTimeCodesService,
    private readonly messageFactors: MessageFactorsService,
    private readonly webauthn: WebAuthnService,
    private readonly backupCodes: BackupCodesService,
    private readonly rateLimits: RateLimitsService,
    private readonly alerts: SecondFactorAlertsService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** Sends a code by SMS or e-mail for this challenge; a new code replaces the previous one. */
  async sendCode(
    challengeToken: string,
    method: MessageMethod,
  ): Promise<{ method: MessageMethod; expiresAt: string }> {
    const challenge = await this.live(challengeToken, method);
    const { userId, email } = challenge.pending;
    const destination = await this.messageFactors.destinationFor(userId, method, email);
    const { code, sealed, expiresAt } = this.codes.create();
    // Remembered before sending: a challenge out of sends must not send anything.
    if (!(await this.challenges.rememberCode(challengeToken, method, sealed)))
      throw new MfaChallengeInvalidError();
    await this.codes.deliver({ userId, channel: method, destination }, code, expiresAt);
    return { method, expiresAt: expiresAt.toISOString() };
  }

  /** Options for navigator.credentials.get(); the WebAuthn challenge is kept with this sign-in. */
  async webauthnOptions(challengeToken: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const challenge = await this.live(challengeToken, 'webauthn');
    const options = await this.webauthn.authenticationOptions(challenge.pending.userId);
    if (!(await this.challenges.rememberWebAuthnChallenge(challengeToken, options.challenge))) {
      throw new MfaChallengeInvalidError();
    }
    return options;
  }

  /**
   * Checks the answer. A wrong one uses up one of the challenge's attempts (the last kills it) and
   * counts as a failed sign-in towards the account's lockout, so guesses add up across challenges;
   * a right one consumes the challenge, so it completes exactly once.
   */
  async verify(answer: MfaAnswer): Promise<MfaVerified> {
    const challenge = await this.live(answer.challengeToken, answer.method);
    const { pending } = challenge;
    // The challenge proves the password, so strangers' failures (a temporary lock) cannot stop
    // its owner; the lock at the hard limit stops open challenges too, so guesses stay bounded.
    await this.lockout.admit(pending.identifier, pending.userId);
    if (!(await this.accepts(challenge, answer, pending.client))) {
      const attemptsLeft = await this.challenges.recordFailure(answer.challengeToken);
      await this.attempts.record({
        userId: pending.userId,
        identifier: pending.identifier,
        outcome: 'FAILED',
        failureReason: 'second_factor_invalid',
        method: pending.method,
        ipAddress: answer.ip,
        userAgent: pending.client.userAgent,
        deviceId: pending.deviceId,
        metadata: { secondFactor: answer.method, attemptsLeft },
      });
      await this.lockout.recordFailure(pending.identifier, pending.userId, {
        ...pending.client,
        ip: answer.ip,
      });
      await this.alerts.afterFailure(pending, answer.ip);
      if (attemptsLeft === 0) throw new MfaChallengeInvalidError();
      throw new MfaCodeInvalidError(attemptsLeft);
    }
    if (!(await this.challenges.consume(answer.challengeToken))) throw new MfaChallengeInvalidError();
    const tokens = await this.completion.finish(pending, answer.method);
    // An account whose address is unproven may not be its owner's: it trusts no device.
    if (!answer.trustDevice || !pending.deviceId || pending.emailVerified !== true) return { tokens };
    const deviceToken = await this.devices.trustFor(
      pending.userId,
      pending.deviceId,
      this.config.twoFactor.trustedDeviceTtlS,
    );
    return { tokens, deviceToken };
  }

  private async accepts(
    challenge: StoredChallenge,
    answer: MfaAnswer,
    client: SignInClient,
  ): Promise<boolean> {
    const { userId } = challenge.pending;
    const code = answer.code ?? '';
    switch (answer.method) {
      case 'totp':
        return this.totp.verifyForSignIn(userId, code);
      case 'sms':
      case 'email':
        return this.codes.matches(code, challenge.codeDigests[answer.method]);
      case 'backup_code':
        return this.backupCodes.redeem(userId, code, client);
      case 'webauthn':
        if (!answer.credential || !challenge.webauthnChallenge) return false;
        return this.webauthn.verifyAuthentication(
          userId,
          answer.credential,
          challenge.webauthnChallenge,
          client,
        );
    }
  }

  /** The challenge, after counting the request against its user's second-factor budget. */
  private async live(challengeToken: string, method: MfaMethod): Promise<StoredChallenge> {
    const challenge = await this.challenges.find(challengeToken);
    if (!challenge) throw new MfaChallengeInvalidError();
    // Keyed by the account, not the challenge: a fresh sign-in must not bring a fresh budget.
    await this.rateLimits.consume(SERVICE_RATE_LIMITS.twoFactorUser, `user:${challenge.pending.userId}`);
    if (!challenge.methods.includes(method)) throw new MfaMethodNotAllowedError(method);
    return challenge;
  }
}
