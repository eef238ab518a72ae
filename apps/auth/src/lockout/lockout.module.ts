import { Module } from '@nestjs/common';
import { TransportModule } from '@orion/core';
import { UserDirectory } from '../authentication/user-directory';
import { DevicesModule } from '../devices/devices.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { LockoutController } from './lockout.controller';
import { LockoutHandlers } from './lockout.handlers';
import { LockoutRepository } from './lockout.repository';
import { LockoutService } from './lockout.service';

/** Progressive delays and lockouts after failed sign-ins, and the administrators' unlock. */
@Module({
  imports: [TransportModule.forClients(['user']), DevicesModule, SecurityEventsModule],
  controllers: [LockoutController],
  // UserDirectory is stateless; providing it here keeps this module free of a cycle with SignInModule.
  providers: [LockoutRepository, LockoutService, LockoutHandlers, UserDirectory],
  exports: [LockoutService],
})
export class LockoutModule {}
