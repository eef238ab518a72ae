import { Module } from '@nestjs/common';
import { TransportModule } from '@orion/core';
import { TokensModule } from '../tokens/tokens.module';
import { AuthenticationController } from './authentication.controller';
import { AuthenticationService } from './authentication.service';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { UserDirectory } from './user-directory';

/** Sign-up, sign-in, refresh and sign-out over HTTP. */
@Module({
  imports: [TransportModule.forClients(['user']), TokensModule],
  controllers: [AuthenticationController],
  providers: [AuthenticationService, LoginAttemptsRepository, UserDirectory],
})
export class AuthenticationModule {}
