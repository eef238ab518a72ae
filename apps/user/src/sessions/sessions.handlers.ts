import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RECORD_SESSION,
  RecordedSession,
  RecordSessionRequest,
  TOUCH_SESSION,
  TouchedSession,
  TouchSessionRequest,
} from '@orion/contracts';
import { HandleCommand } from '@orion/core';
import { SessionsService } from './sessions.service';

/** Commands from the auth service: a sign-in creates a session, a refresh touches it. */
@Controller()
export class SessionsHandlers {
  constructor(private readonly sessions: SessionsService) {}

  @HandleCommand(RECORD_SESSION)
  record(@Payload() request: RecordSessionRequest): Promise<RecordedSession> {
    return this.sessions.record({ ...request, expiresAt: new Date(request.expiresAt) });
  }

  @HandleCommand(TOUCH_SESSION)
  async touch(@Payload() request: TouchSessionRequest): Promise<TouchedSession> {
    const expiresAt = request.expiresAt ? new Date(request.expiresAt) : undefined;
    const touched = await this.sessions.touch(request.authFamilyId, request.ipAddress, expiresAt);
    return touched ? { active: true, emailVerified: touched.emailVerified } : { active: false };
  }
}
