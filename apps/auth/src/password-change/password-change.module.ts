import { Module } from '@nestjs/common';
import { TransportModule } from '@orion/core';
import { AccountDirectory } from '../password-reset/account-directory';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { StepUpModule } from '../step-up/step-up.module';
import { TokensModule } from '../tokens/tokens.module';
import { PasswordChangeController } from './password-change.controller';
import { PasswordChangeService } from './password-change.service';

/** A signed-in owner changing the password (POST /auth/password). */
@Module({
  imports: [TransportModule.forClients(['user']), StepUpModule, TokensModule, SecurityEventsModule],
  controllers: [PasswordChangeController],
  providers: [AccountDirectory, PasswordChangeService],
})
export class PasswordChangeModule {}
