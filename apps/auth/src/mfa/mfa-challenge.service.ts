import { Injectable } from '@nestjs/common';
import type { PendingSignIn } from '../sign-in/sign-in.types';
import { TwoFactorRepository } from '../two-factor/two-factor.repository';
import { FACTOR_METHODS, MfaMethod } from '../two-factor/two-factor.types';
import { MfaChallengeStore } from './mfa-challenge.store';

/** Starts second-factor challenges for the sign-in pipeline; the verification side is separate. */
@Injectable()
export class MfaChallengeService {
  constructor(
    private readonly factors: TwoFactorRepository,
    private readonly challenges: MfaChallengeStore,
  ) {}

  /**
   * Verified, enabled factors of the user, strongest first, e.g. ['totp','webauthn','sms','email',
   * 'backup_code']. Backup codes count only next to a real factor and while some are unused.
   */
  async enrolledMethods(userId: string): Promise<string[]> {
    const active = await this.factors.activeFactors(userId);
    const enrolled = new Set(active.map((factor) => factor.method));
    const methods: MfaMethod[] = FACTOR_METHODS.filter((method) => enrolled.has(method));
    if (methods.length > 0 && (await this.factors.unusedBackupCodes(userId)) > 0) methods.push('backup_code');
    return methods;
  }

  /**
   * Stores the pending sign-in (Redis, short TTL, attempt limit) and returns what the client needs.
   * A user without factors (challenged because of risk) proves control of the account's address.
   */
  async begin(
    pending: PendingSignIn,
  ): Promise<{ challengeToken: string; methods: string[]; expiresAt: string }> {
    const enrolled = (await this.enrolledMethods(pending.userId)) as MfaMethod[];
    const methods: MfaMethod[] = enrolled.length > 0 ? enrolled : ['email'];
    const { challengeToken, expiresAt } = await this.challenges.create(pending, methods);
    return { challengeToken, methods, expiresAt };
  }
}
