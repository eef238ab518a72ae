import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AuthenticationModule } from '../authentication/authentication.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { TokensModule } from '../tokens/tokens.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { StepUpChallengeStore } from './step-up-challenge.store';
import { StepUpController } from './step-up.controller';
import { StepUpFactorsService } from './step-up-factors.service';
import { StepUpService } from './step-up.service';

/** Re-authentication of a signed-in user (POST /auth/step-up) before sensitive changes. */
@Module({
  imports: [UsersModule, AuthenticationModule, SecurityEventsModule, TokensModule, TwoFactorModule],
  controllers: [StepUpController],
  providers: [StepUpService, StepUpFactorsService, StepUpChallengeStore],
  exports: [StepUpService],
})
export class StepUpModule {}
