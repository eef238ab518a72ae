import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { StepUpModule } from '../step-up/step-up.module';
import { TokensModule } from '../tokens/tokens.module';
import { PasswordChangeController } from './password-change.controller';
import { PasswordChangeService } from './password-change.service';

/** A signed-in owner changing the password (POST /auth/password). */
@Module({
  imports: [UsersModule, StepUpModule, TokensModule, SecurityEventsModule],
  controllers: [PasswordChangeController],
  providers: [PasswordChangeService],
})
export class PasswordChangeModule {}
