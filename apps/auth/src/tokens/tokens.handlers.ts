import { Injectable } from '@nestjs/common';
import {
  EmailChangeUndoneEvent,
  USER_DISABLED,
  USER_EMAIL_CHANGE_UNDONE,
  USER_SESSION_ENDED,
  UserDisabledEvent,
  UserSessionEndedEvent,
} from '@orion/contracts';
import { EventContext, OnEvent } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { SecurityEventsService } from '../security-events/security-events.service';
import { SECURITY_EVENT_TYPES } from '../security-events/security-event.types';
import { TokenRevocationService } from './token-revocation.service';

/** Events from the user service that end token families. */
@Injectable()
export class TokensHandlers {
  constructor(
    private readonly revocations: TokenRevocationService,
    private readonly securityEvents: SecurityEventsService,
  ) {}

  /** A session ended in the user service (by its owner or an administrator). */
  @OnEvent(USER_SESSION_ENDED)
  async sessionEnded(event: UserSessionEndedEvent, { tx }: EventContext<Tx>): Promise<void> {
    await this.revocations.revokeFamily(event.authFamilyId, `session_${event.reason}`.slice(0, 64), tx);
  }

  /** Suspended, locked or deactivated: every sign-in of the user ends now. */
  @OnEvent(USER_DISABLED)
  async userDisabled(event: UserDisabledEvent, { tx }: EventContext<Tx>): Promise<void> {
    await this.revocations.revokeUser(event.userId, `user_${event.status.toLowerCase()}`.slice(0, 64), tx);
  }

  /** The previous address undid a change of address: whoever made it is signed out everywhere. */
  @OnEvent(USER_EMAIL_CHANGE_UNDONE)
  async emailChangeUndone(event: EmailChangeUndoneEvent, { tx }: EventContext<Tx>): Promise<void> {
    await this.revocations.revokeUser(event.userId, 'email_change_undone', tx);
    await this.securityEvents.record(
      {
        userId: event.userId,
        type: SECURITY_EVENT_TYPES.emailChangeUndone,
        severity: 'critical',
        metadata: { occurredAt: event.occurredAt },
      },
      tx,
    );
  }
}
