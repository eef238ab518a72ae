import { Module } from '@nestjs/common';
import { TransportModule } from '@orion/core';
import { UserDirectory } from '../authentication/user-directory';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { AccountContacts } from '../two-factor/account-contacts';
import { LockoutController } from './lockout.controller';
import { LockoutHandlers } from './lockout.handlers';
import { LockoutRepository } from './lockout.repository';
import { LockoutService } from './lockout.service';

/** Progressive delays and lockouts after failed sign-ins, and the administrators' unlock. */
@Module({
  imports: [TransportModule.forClients(['user']), SecurityEventsModule],
  controllers: [LockoutController],
  // UserDirectory is stateless; providing it here keeps this module free of a cycle with SignInModule.
  providers: [LockoutRepository, LockoutService, LockoutHandlers, AccountContacts, UserDirectory],
  exports: [LockoutService],
})
export class LockoutModule {}
