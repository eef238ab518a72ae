import { Injectable } from '@nestjs/common';
import {
  USER_DISABLED,
  USER_SESSION_ENDED,
  UserDisabledEvent,
  UserSessionEndedEvent,
} from '@orion/contracts';
import { EventContext, OnEvent } from '@orion/core';
import { TokenFamiliesService } from './token-families.service';

/** Events from the user service that end token families. */
@Injectable()
export class TokensHandlers {
  constructor(private readonly families: TokenFamiliesService) {}

  /** A session ended in the user service (by its owner or an administrator). */
  @OnEvent(USER_SESSION_ENDED)
  async sessionEnded(event: UserSessionEndedEvent, { tx }: EventContext): Promise<void> {
    await this.families.revokeFamily(event.authFamilyId, `session_${event.reason}`.slice(0, 64), tx);
  }

  /** Suspended, locked or deactivated: every sign-in of the user ends now. */
  @OnEvent(USER_DISABLED)
  async userDisabled(event: UserDisabledEvent, { tx }: EventContext): Promise<void> {
    await this.families.revokeUser(event.userId, `user_${event.status.toLowerCase()}`.slice(0, 64), tx);
  }
}
