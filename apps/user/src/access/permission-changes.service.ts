import { Injectable, Logger } from '@nestjs/common';
import { USER_PERMISSIONS_CHANGED } from '@orion/contracts';
import { Clock, EventPublisher } from '@orion/core';
import type { Tx } from '../database/transaction.runner';
import { AccessCacheStore } from './access-cache.store';

/**
 * What every change to roles, grants or assignments does besides the change itself: announce it
 * in the same transaction (user.permissions-changed.v1, one per affected user) and, once
 * committed, bump the permission versions so every instance's cache re-asks on its next check.
 */
@Injectable()
export class PermissionChangesService {
  private readonly logger = new Logger(PermissionChangesService.name);

  constructor(
    private readonly accessCache: AccessCacheStore,
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  /** Inside the change's transaction. */
  async announce(userIds: Iterable<string>, tx: Tx): Promise<void> {
    const occurredAt = this.clock.now().toISOString();
    for (const userId of new Set(userIds)) {
      await this.events.publish(tx, USER_PERMISSIONS_CHANGED, { userId, occurredAt });
    }
  }

  /**
   * After the commit: bumping earlier would let a check that still reads the old rows cache them
   * under the new version. `everyone` for changes to roles, which reach users by inheritance.
   */
  async invalidate(userIds: Iterable<string>, everyone = false): Promise<void> {
    try {
      if (everyone) await this.accessCache.forgetEveryone();
      else for (const userId of new Set(userIds)) await this.accessCache.forgetUser(userId);
    } catch (error) {
      // Committed already; the cache TTL bounds the staleness and the event lets consumers react.
      this.logger.error(`Permission cache not invalidated: ${(error as Error).message}`);
    }
  }
}
