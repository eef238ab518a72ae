import { AccessModule } from '../access/access.module';
import { Module } from '@nestjs/common';
import { UserLifecycleRepository } from '../users/user-lifecycle.repository';
import { UsersRepository } from '../users/users.repository';
import { EmailChangeNoticesService } from './email-change-notices.service';
import { EmailChangeRevertRepository } from './email-change-revert.repository';
import { EmailChangeService } from './email-change.service';
import { EmailVerificationController } from './email-verification.controller';
import { EmailVerificationRepository } from './email-verification.repository';
import { EmailVerificationService } from './email-verification.service';
import { FirstVerificationService } from './first-verification.service';
import { PreVerificationRepository } from './pre-verification.repository';

@Module({
  imports: [AccessModule],
  controllers: [EmailVerificationController],
  // UsersRepository is stateless; providing it here keeps this module free of a cycle with UsersModule.
  providers: [
    EmailVerificationService,
    EmailVerificationRepository,
    EmailChangeService,
    EmailChangeNoticesService,
    EmailChangeRevertRepository,
    UserLifecycleRepository,
    FirstVerificationService,
    PreVerificationRepository,
    UsersRepository,
  ],
  exports: [EmailVerificationService, FirstVerificationService],
})
export class EmailVerificationModule {}
