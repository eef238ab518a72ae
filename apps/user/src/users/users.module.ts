import { AccessModule } from '../access/access.module';
import { Module } from '@nestjs/common';
import { EmailVerificationModule } from '../email-verification/email-verification.module';
import { AudienceHandlers } from './audience.handlers';
import { AudienceRepository } from './audience.repository';
import { AudienceService } from './audience.service';
import { ContactsHandlers } from './contacts.handlers';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { CredentialsHandlers } from './credentials.handlers';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';
import { UserLifecycleRepository } from './user-lifecycle.repository';
import { UserLifecycleService } from './user-lifecycle.service';
import { UsersAdminController } from './users-admin.controller';
import { UsersController } from './users.controller';
import { UsersHandlers } from './users.handlers';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { RegistrationNoticesStore } from './registration-notices.store';
import { RegistrationService } from './registration.service';

/** Accounts and profiles: sign-up over the transport, the caller's profile, administration. */
@Module({
  imports: [AccessModule, EmailVerificationModule],
  // The caller's own routes first: /users/me must never be read as /users/:id.
  controllers: [
    UsersController,
    UsersAdminController,
    UsersHandlers,
    CredentialsHandlers,
    ContactsHandlers,
    AudienceHandlers,
  ],
  providers: [
    AudienceRepository,
    AudienceService,
    ContactsRepository,
    ContactsService,
    CredentialsRepository,
    CredentialsService,
    UsersRepository,
    UserLifecycleRepository,
    UsersService,
    RegistrationService,
    RegistrationNoticesStore,
    UserLifecycleService,
  ],
  exports: [UsersService, UserLifecycleService],
})
export class UsersModule {}
