import { Injectable } from '@nestjs/common';
import type { PendingSignIn } from '../sign-in/sign-in.types';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { MfaMethod } from '../two-factor/two-factor.types';
import { MfaChallengeStore } from './mfa-challenge.store';

/** Starts second-factor challenges for the sign-in pipeline; the verification side is separate. */
@Injectable()
export class MfaChallengeService {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly challenges: MfaChallengeStore,
  ) {}

  /**
   * Verified, enabled factors of the user, strongest first, e.g. ['totp','webauthn','sms','email',
   * 'backup_code']. Backup codes count only next to a real factor and while some are unused.
   */
  enrolledMethods(userId: string): Promise<string[]> {
    return this.twoFactor.enabledMethods(userId);
  }

  /**
   * Stores the pending sign-in (Redis, short TTL, attempt limit) and returns what the client needs.
   * A user without factors (challenged because of risk) proves control of the account's address.
   */
  async begin(
    pending: PendingSignIn,
  ): Promise<{ challengeToken: string; methods: string[]; expiresAt: string }> {
    const enrolled = await this.twoFactor.enabledMethods(pending.userId);
    const methods: MfaMethod[] = enrolled.length > 0 ? enrolled : ['email'];
    const { challengeToken, expiresAt } = await this.challenges.create(pending, methods);
    return { challengeToken, methods, expiresAt };
  }
}
