import { AccessModule } from '../access/access.module';
import { Module } from '@nestjs/common';
import { MySessionsController, UserSessionsController } from './sessions.controller';
import { SessionEventsHandlers } from './session-events.handlers';
import { SessionsHandlers } from './sessions.handlers';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

@Module({
  imports: [AccessModule],
  controllers: [MySessionsController, UserSessionsController, SessionsHandlers],
  providers: [SessionsRepository, SessionsService, SessionEventsHandlers],
})
export class SessionsModule {}
