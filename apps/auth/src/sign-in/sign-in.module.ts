import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { DevicesModule } from '../devices/devices.module';
import { LockoutModule } from '../lockout/lockout.module';
import { MfaModule } from '../mfa/mfa.module';
import { GeolocationService } from '../risk/geolocation.service';
import { RiskService } from '../risk/risk.service';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { TokensModule } from '../tokens/tokens.module';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { SignInAttemptsController } from './sign-in-attempts.controller';
import { SignInAttemptsService } from './sign-in-attempts.service';
import { SignInCompletionService } from './sign-in-completion.service';

/** The part of every sign-in after its first factor, shared by password, social and MFA routes. */
@Module({
  imports: [UsersModule, TokensModule, DevicesModule, LockoutModule, MfaModule, SecurityEventsModule],
  controllers: [SignInAttemptsController],
  providers: [
    SignInCompletionService,
    SignInAttemptsService,
    LoginAttemptsRepository,
    RiskService,
    GeolocationService,
  ],
  exports: [SignInCompletionService, LoginAttemptsRepository, LockoutModule],
})
export class SignInModule {}
