import { Module } from '@nestjs/common';
import { MySessionsController, UserSessionsController } from './sessions.controller';
import { SessionsHandlers } from './sessions.handlers';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

@Module({
  controllers: [MySessionsController, UserSessionsController, SessionsHandlers],
  providers: [SessionsRepository, SessionsService],
})
export class SessionsModule {}
