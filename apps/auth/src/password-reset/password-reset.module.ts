import { Module } from '@nestjs/common';
import { TransportModule } from '@orion/core';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { TokensModule } from '../tokens/tokens.module';
import { AccountDirectory } from './account-directory';
import { PasswordResetController } from './password-reset.controller';
import { PasswordResetRepository } from './password-reset.repository';
import { PasswordResetService } from './password-reset.service';

/** Forgotten passwords: the e-mailed link and the new password it lets the owner set. */
@Module({
  imports: [TransportModule.forClients(['user']), TokensModule, SecurityEventsModule],
  controllers: [PasswordResetController],
  providers: [AccountDirectory, PasswordResetRepository, PasswordResetService],
})
export class PasswordResetModule {}
