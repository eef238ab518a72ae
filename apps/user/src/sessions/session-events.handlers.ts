import { Injectable } from '@nestjs/common';
import { SIGN_INS_ENDED, SignInsEndedEvent } from '@orion/contracts';
import { EventContext, OnEvent } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { SessionsService } from './sessions.service';

/** Events from the auth service that end sessions. */
@Injectable()
export class SessionEventsHandlers {
  constructor(private readonly sessions: SessionsService) {}

  @OnEvent(SIGN_INS_ENDED)
  async signInsEnded(event: SignInsEndedEvent, { tx }: EventContext<Tx>): Promise<void> {
    await this.sessions.endSignIns(event.userId, event.authFamilyIds, event.reason, tx);
  }
}
