import { Injectable } from '@nestjs/common';
import type { UserPreferencesChangedEvent } from '@orion/contracts';
import type { Tx } from '../database/transaction.runner';
import { projectPreferences } from './preferences-projection';
import { UserPreferencesRepository } from './user-preferences.repository';

/** The projection of the user service's notification preferences kept here. */
@Injectable()
export class PreferencesService {
  constructor(private readonly preferences: UserPreferencesRepository) {}

  /**
   * Applies a change unless a newer (or the same) version is already stored: events may arrive
   * out of order (redeliveries, replicas). Returns whether it was applied.
   */
  applyChange(event: UserPreferencesChangedEvent, tx: Tx): Promise<boolean> {
    return this.preferences.replaceIfNewer(projectPreferences(event), tx);
  }
}
