import type { Principal } from '@orion/security';

/** Lets its holder list, read, change and delete other owners' webhook endpoints and batches. */
export const NOTIFICATIONS_ADMIN = 'notifications:admin';

/**
 * Which owners' objects a query may reach: one owner's (a user id), or every owner's (a holder of
 * notifications:admin, or the service's own features). Repositories filter by it.
 */
export type OwnerScope = { all: true; ownerId: string | null } | { all: false; ownerId: string };

/** The user a caller acts for: the user itself, or the owner of the API key. */
export function ownerIdOf(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.userId : (principal.ownerId ?? null);
}

/** The repository filter for a scope: nothing for every owner, the owner's id otherwise. */
export function ownerFilter(scope: OwnerScope): { ownerId?: string } {
  return scope.all ? {} : { ownerId: scope.ownerId };
}
