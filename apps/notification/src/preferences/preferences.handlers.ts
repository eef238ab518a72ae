import { Injectable, Logger } from '@nestjs/common';
import { USER_PREFERENCES_CHANGED, UserPreferencesChangedEvent } from '@orion/contracts';
import { EventContext, OnEvent } from '@orion/core';
import { projectPreferences } from './preferences-projection';
import { UserPreferencesRepository } from './user-preferences.repository';

/** Keeps the projection of the user service's notification preferences current. */
@Injectable()
export class PreferencesHandlers {
  private readonly logger = new Logger(PreferencesHandlers.name);

  constructor(private readonly preferences: UserPreferencesRepository) {}

  /** Events may arrive out of order (redeliveries, replicas): an older version never overwrites a newer one. */
  @OnEvent(USER_PREFERENCES_CHANGED)
  async preferencesChanged(event: UserPreferencesChangedEvent, { tx }: EventContext): Promise<void> {
    const applied = await this.preferences.replaceIfNewer(tx, projectPreferences(event));
    if (!applied)
      this.logger.log({ userId: event.userId, version: event.version }, 'older preferences ignored');
  }
}
