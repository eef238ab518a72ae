import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { TokensModule } from '../tokens/tokens.module';
import { PasswordResetController } from './password-reset.controller';
import { PasswordResetRepository } from './password-reset.repository';
import { PasswordResetService } from './password-reset.service';

/** Forgotten passwords: the e-mailed link and the new password it lets the owner set. */
@Module({
  imports: [UsersModule, TokensModule, SecurityEventsModule],
  controllers: [PasswordResetController],
  providers: [PasswordResetRepository, PasswordResetService],
})
export class PasswordResetModule {}
