import { Injectable, Logger } from '@nestjs/common';
import { PermissionCache, PermissionCheckUnavailableError, Principal } from '@orion/security';
import { OwnerRequiredError } from './ownership.errors';
import { NOTIFICATIONS_ADMIN, OwnerScope, ownerIdOf } from './ownership.types';

/**
 * Decides whose webhook endpoints and batches a caller reaches: its own owner's, or everyone's
 * with notifications:admin (a user's roles, or an API key's scopes).
 */
@Injectable()
export class OwnershipService {
  private readonly logger = new Logger(OwnershipService.name);

  constructor(private readonly permissions: PermissionCache) {}

  /** The owner new objects of this caller belong to; refuses a key without owner. */
  ownerOf(caller: Principal): string {
    const ownerId = ownerIdOf(caller);
    if (!ownerId) throw new OwnerRequiredError();
    return ownerId;
  }

  /** What the caller may administer: everything with notifications:admin, its own objects otherwise. */
  async administrable(caller: Principal): Promise<OwnerScope> {
    const ownerId = ownerIdOf(caller);
    if (await this.isAdmin(caller)) return { all: true, ownerId };
    if (!ownerId) throw new OwnerRequiredError();
    return { all: false, ownerId };
  }

  private isAdmin(caller: Principal): Promise<boolean> {
    return this.holds(caller, NOTIFICATIONS_ADMIN);
  }

  /** A GLOBAL permission: a user's roles and grants, or an API key's scopes. */
  async holds(caller: Principal, permission: string): Promise<boolean> {
    if (caller.kind === 'service') return caller.scopes.includes(permission);
    try {
      const decision = await this.permissions.check({ userId: caller.userId, permission, scope: 'GLOBAL' });
      return decision.allowed;
    } catch (error) {
      this.logger.warn(`Permission check failed: ${(error as Error).message}`);
      throw new PermissionCheckUnavailableError();
    }
  }
}
