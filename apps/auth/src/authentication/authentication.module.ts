import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { DevicesModule } from '../devices/devices.module';
import { RateLimitsModule } from '../rate-limits/rate-limits.module';
import { SignInModule } from '../sign-in/sign-in.module';
import { TokensModule } from '../tokens/tokens.module';
import { AuthenticationController } from './authentication.controller';
import { AuthenticationService } from './authentication.service';
import { SessionConfirmationsStore } from './session-confirmations.store';

/** Sign-up, sign-in, refresh and sign-out over HTTP. */
@Module({
  // RateLimitsModule is global: importing it once here makes @RateLimited usable on every route.
  imports: [UsersModule, RateLimitsModule, SignInModule, TokensModule, DevicesModule],
  controllers: [AuthenticationController],
  providers: [AuthenticationService, SessionConfirmationsStore],
  exports: [AuthenticationService],
})
export class AuthenticationModule {}
