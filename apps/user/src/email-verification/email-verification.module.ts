import { Module } from '@nestjs/common';
import { UsersRepository } from '../users/users.repository';
import { EmailVerificationController } from './email-verification.controller';
import { EmailVerificationRepository } from './email-verification.repository';
import { EmailVerificationService } from './email-verification.service';
import { FirstVerificationService } from './first-verification.service';
import { PreVerificationRepository } from './pre-verification.repository';

@Module({
  controllers: [EmailVerificationController],
  // UsersRepository is stateless; providing it here keeps this module free of a cycle with UsersModule.
  providers: [
    EmailVerificationService,
    EmailVerificationRepository,
    FirstVerificationService,
    PreVerificationRepository,
    UsersRepository,
  ],
  exports: [EmailVerificationService, FirstVerificationService],
})
export class EmailVerificationModule {}
