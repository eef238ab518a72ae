import { Module } from '@nestjs/common';
import { SecurityEventsController } from './security-events.controller';
import { SecurityEventsRepository } from './security-events.repository';
import { SecurityEventsService } from './security-events.service';

/** Security events: recorded by every feature, read by their user and by administrators. */
@Module({
  controllers: [SecurityEventsController],
  providers: [SecurityEventsRepository, SecurityEventsService],
  exports: [SecurityEventsService],
})
export class SecurityEventsModule {}
