import { Injectable } from '@nestjs/common';
import { USER_PREFERENCES_CHANGED } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import { PermissionDeniedError, Principal } from '@orion/security';
import { GrantLimitsService } from '../access/grant-limits.service';
import { AuditAction } from '../audit/audit-action';
import { AuditService } from '../audit/audit.service';
import { UserNotFoundError } from '../users/users.errors';
import { PreferencesVersionConflictError } from './preferences.errors';
import { PreferencesRepository } from './preferences.repository';
import {
  PREFERENCE_CATEGORIES,
  PreferenceCategory,
  PreferenceDocuments,
  Preferences,
} from './preferences.types';
import { AccessService } from '../access/access.service';
import { TransactionRunner } from '../database/transaction.runner';

/** What the notification service projects: a change to either announces the new state. */
const ANNOUNCED: PreferenceCategory[] = ['notifications', 'localization'];

const empty = (): Preferences => {
  const preferences = { version: 0 } as Preferences;
  for (const category of PREFERENCE_CATEGORIES) preferences[category] = {};
  return preferences;
};

/**
 * A user's preferences, read and written by the user or by an administrator; every write names
 * the version it read (optimistic concurrency).
 */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly preferences: PreferencesRepository,
    private readonly events: EventPublisher,
    private readonly audit: AuditService,
    private readonly limits: GrantLimitsService,
    private readonly access: AccessService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async get(userId: string, caller: Principal): Promise<Preferences> {
    await this.ensureMay(caller, userId, 'read');
    if (!(await this.preferences.isLiveUser(userId))) throw new UserNotFoundError();
    return (await this.preferences.find(userId)) ?? empty();
  }

  /** Replaces the given categories wholesale if the stored version is still `expected`. */
  async replace(
    userId: string,
    expected: number,
    documents: Partial<PreferenceDocuments>,
    actor: Principal,
  ): Promise<Preferences> {
    await this.ensureMay(actor, userId, 'write');
    await this.access.assertMayAdminister(actor, userId);
    if (!(await this.preferences.isLiveUser(userId))) throw new UserNotFoundError();
    return this.transactions.run(async (tx) => {
      const before = await this.preferences.find(userId, tx);
      const written = before
        ? await this.preferences.update(userId, expected, documents, tx)
        : expected === 0 && (await this.preferences.create(userId, documents, tx));
      if (!written) {
        const current = await this.preferences.find(userId, tx);
        throw new PreferencesVersionConflictError(current?.version ?? 0);
      }
      const after = (await this.preferences.find(userId, tx)) ?? empty();
      const previous = before ?? empty();
      const changed = PREFERENCE_CATEGORIES.filter(
        (category) => JSON.stringify(previous[category]) !== JSON.stringify(after[category]),
      );
      if (changed.some((category) => ANNOUNCED.includes(category))) {
        const { locale, timeZone } = after.localization as { locale?: string; timeZone?: string };
        await this.events.publish(tx, USER_PREFERENCES_CHANGED, {
          userId,
          version: after.version,
          notifications: after.notifications,
          ...(typeof locale === 'string' && { locale }),
          ...(typeof timeZone === 'string' && { timeZone }),
          occurredAt: this.clock.now().toISOString(),
        });
      }
      await this.audit.record({
        action: AuditAction.UPDATE,
        resourceType: 'user_preferences',
        resourceId: userId,
        actor,
        metadata: { categories: changed, version: after.version },
        tx,
      });
      return after;
    });
  }

  /**
   * The owner needs no permission. Anyone else needs users:read to see the user at all (else
   * 404, as if there were no such user) and users:update to change the preferences.
   */
  private async ensureMay(caller: Principal, userId: string, access: 'read' | 'write'): Promise<void> {
    if (caller.kind === 'user' && caller.userId === userId) return;
    if (!(await this.limits.holds(caller, 'users:read', 'GLOBAL'))) throw new UserNotFoundError();
    if (access === 'write' && !(await this.limits.holds(caller, 'users:update', 'GLOBAL'))) {
      throw new PermissionDeniedError('users:update', 'GLOBAL');
    }
  }
}
