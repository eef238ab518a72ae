import { Injectable } from '@nestjs/common';
import { SIGN_INS_ENDED, SignInsEndedEvent } from '@orion/contracts';
import { EventContext, EventTransaction, OnEvent } from '@orion/core';
import type { UserTransaction } from '../audit/audit.repository';
import { SessionsService } from './sessions.service';

/** Events from the auth service that end sessions. */
@Injectable()
export class SessionEventsHandlers {
  constructor(private readonly sessions: SessionsService) {}

  @OnEvent(SIGN_INS_ENDED)
  async signInsEnded(event: SignInsEndedEvent, { tx }: EventContext): Promise<void> {
    await this.sessions.endSignIns(asPrisma(tx), event.userId, event.authFamilyIds, event.reason);
  }
}

// The inbox transaction is this service's Prisma transaction client.
const asPrisma = (tx: EventTransaction): UserTransaction => tx as unknown as UserTransaction;
