import { Module } from '@nestjs/common';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { MfaChallengeService } from './mfa-challenge.service';
import { MfaChallengeStore } from './mfa-challenge.store';

/**
 * Second-factor challenges of a sign-in. The sign-in pipeline imports this module, so it must
 * never import the sign-in module itself (MfaVerificationModule does, to finish sign-ins).
 */
@Module({
  imports: [TwoFactorModule],
  providers: [MfaChallengeService, MfaChallengeStore],
  exports: [MfaChallengeService, MfaChallengeStore],
})
export class MfaModule {}
