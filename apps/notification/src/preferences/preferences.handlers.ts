import { Injectable, Logger } from '@nestjs/common';
import { USER_PREFERENCES_CHANGED, UserPreferencesChangedEvent } from '@orion/contracts';
import { EventContext, OnEvent } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { PreferencesService } from './preferences.service';

/** Keeps the projection of the user service's notification preferences current. */
@Injectable()
export class PreferencesHandlers {
  private readonly logger = new Logger(PreferencesHandlers.name);

  constructor(private readonly preferences: PreferencesService) {}

  /** Events may arrive out of order (redeliveries, replicas): an older version never overwrites a newer one. */
  @OnEvent(USER_PREFERENCES_CHANGED)
  async preferencesChanged(event: UserPreferencesChangedEvent, { tx }: EventContext<Tx>): Promise<void> {
    const applied = await this.preferences.applyChange(event, tx);
    if (!applied)
      this.logger.log({ userId: event.userId, version: event.version }, 'older preferences ignored');
  }
}
