import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { SecurityEventsModule } from '../security-events/security-events.module';
import { LockoutController } from './lockout.controller';
import { LockoutHandlers } from './lockout.handlers';
import { LockoutRepository } from './lockout.repository';
import { LockoutService } from './lockout.service';

/** Progressive delays and lockouts after failed sign-ins, and the administrators' unlock. */
@Module({
  imports: [UsersModule, SecurityEventsModule],
  controllers: [LockoutController],
  providers: [LockoutRepository, LockoutService, LockoutHandlers],
  exports: [LockoutService],
})
export class LockoutModule {}
