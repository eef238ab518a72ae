import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { SignInModule } from '../sign-in/sign-in.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { MfaVerificationController } from './mfa-verification.controller';
import { MfaVerificationService } from './mfa-verification.service';
import { MfaModule } from './mfa.module';
import { SecondFactorAlertsService } from './second-factor-alerts.service';
import { SecurityEventsModule } from '../security-events/security-events.module';

/** Answers sign-in challenges; imports the sign-in module to finish them (MfaModule must not). */
@Module({
  imports: [MfaModule, TwoFactorModule, SignInModule, DevicesModule, SecurityEventsModule],
  controllers: [MfaVerificationController],
  providers: [MfaVerificationService, SecondFactorAlertsService],
})
export class MfaVerificationModule {}
