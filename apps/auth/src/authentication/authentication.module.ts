import { Module } from '@nestjs/common';
import { SignInModule } from '../sign-in/sign-in.module';
import { TokensModule } from '../tokens/tokens.module';
import { AuthenticationController } from './authentication.controller';
import { AuthenticationService } from './authentication.service';

/** Sign-up, sign-in, refresh and sign-out over HTTP. */
@Module({
  imports: [SignInModule, TokensModule],
  controllers: [AuthenticationController],
  providers: [AuthenticationService],
})
export class AuthenticationModule {}
