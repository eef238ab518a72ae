import { AccessModule } from '../access/access.module';
import { Module } from '@nestjs/common';
import { UsersRepository } from '../users/users.repository';
import { EmailVerificationController } from './email-verification.controller';
import { EmailVerificationRepository } from './email-verification.repository';
import { EmailVerificationService } from './email-verification.service';

@Module({
  imports: [AccessModule],
  controllers: [EmailVerificationController],
  // UsersRepository is stateless; providing it here keeps this module free of a cycle with UsersModule.
  providers: [EmailVerificationService, EmailVerificationRepository, UsersRepository],
  exports: [EmailVerificationService],
})
export class EmailVerificationModule {}
