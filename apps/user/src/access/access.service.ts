import { Injectable } from '@nestjs/common';
import { Clock, ID_CURSOR, Page, RequestValidationError, toPage } from '@orion/core';
import type { Principal, UserPrincipal } from '@orion/security';
import { AccessCheckService, Explanation, splitPermission } from './access-check.service';
import { InvalidScopeError, TargetOutranksActorError, TargetUserNotFoundError } from './access.errors';
import { AccessRepository, HolderRow } from './access.repository';

/** A holder as an organisation's administrators see them: staff (GLOBAL only) without an address. */
export interface OrgHolder {
  id: string;
  email: string | null;
  displayName: string | null;
  global: boolean;
}
import { AccessQuery, PermissionSource } from './access.types';
import { AccessVisibilityService } from './access-visibility.service';
import { GrantLimitsService } from './grant-limits.service';

function requireScopeId(query: Pick<AccessQuery, 'scope' | 'scopeId'>): void {
  if (query.scope !== 'GLOBAL' && !query.scopeId)
    throw new InvalidScopeError(`Scope ${query.scope} needs a scopeId.`);
}

/** The questions people ask about access, beyond the yes/no of a check. */
@Injectable()
export class AccessService {
  constructor(
    private readonly checker: AccessCheckService,
    private readonly access: AccessRepository,
    private readonly visibility: AccessVisibilityService,
    private readonly limits: GrantLimitsService,
    private readonly clock: Clock,
  ) {}

  /**
   * The one rule for acting on another account (status, deletion, sessions, lock, profile,
   * verification, preferences): the actor must hold every permission the target holds now, each
   * in the scope the target holds it (a GLOBAL grant of the actor's covers any). Oneself: always.
   * The route's own permission is checked besides, by its guard.
   */
  async assertMayAdminister(actor: Principal, targetId: string): Promise<void> {
    const missing = await this.missingToAdminister(actor, targetId);
    if (missing.length > 0) throw new TargetOutranksActorError(missing);
  }

  /** The target's permissions the actor lacks ("resource:action", or with "@SCOPE:id"); [] when allowed. */
  async missingToAdminister(
    actor: Principal | Pick<UserPrincipal, 'kind' | 'userId'>,
    targetId: string,
  ): Promise<string[]> {
    if (actor.kind === 'user' && actor.userId.toLowerCase() === targetId.toLowerCase()) return [];
    const held = new Map<string, PermissionSource>();
    for (const source of await this.checker.assigned(targetId)) {
      held.set(`${source.permission}@${source.scope}:${source.scopeId ?? ''}`, source);
    }
    const missing = new Set<string>();
    for (const { permission, scope, scopeId } of held.values()) {
      if (await this.limits.holds(actor, permission, scope, scopeId ?? undefined)) continue;
      missing.add(scope === 'GLOBAL' ? permission : `${permission}@${scope}:${scopeId}`);
    }
    return [...missing].sort();
  }

  /** A suspended, locked or deactivated user is found, and told to hold nothing. */
  /** Without a userId, the caller's own access: the question people ask most. */
  async explain(
    caller: Principal,
    asked: Omit<AccessQuery, 'userId'> & { userId?: string },
  ): Promise<Omit<Explanation, 'query' | 'userLive' | 'userStatus'>> {
    const userId = asked.userId ?? (caller.kind === 'user' ? caller.userId : undefined);
    if (!userId) throw new RequestValidationError([{ field: 'userId', messages: ['userId is required'] }]);
    const query: AccessQuery = { ...asked, userId };
    await this.visibility.ensureMayInspect(caller, query.userId);
    requireScopeId(query);
    const { query: _query, userLive: _live, userStatus, ...explanation } = await this.checker.explain(query);
    if (!userStatus) throw new TargetUserNotFoundError(query.userId);
    return explanation;
  }

  async effective(caller: Principal, userId: string) {
    await this.visibility.ensureMayInspect(caller, userId);
    const { userStatus, sources } = await this.checker.effective(userId);
    if (!userStatus) throw new TargetUserNotFoundError(userId);
    const byPermission = new Map<string, PermissionSource[]>();
    for (const source of sources) {
      byPermission.set(source.permission, [...(byPermission.get(source.permission) ?? []), source]);
    }
    const permissions = [...byPermission.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([permission, from]) => ({ permission, sources: from }));
    return { userId, permissions };
  }

  /**
   * Who holds it in one organisation. Holders through a GLOBAL grant only are the product's staff,
   * not members of the organisation: they are listed (the organisation may know who can act on it)
   * but their addresses are not shown to the organisation's administrators.
   */
  async orgHolders(
    orgId: string,
    query: { permission: string; limit: number; cursor?: string },
  ): Promise<Page<OrgHolder>> {
    const page = await this.holderPage({ ...query, scope: 'ORG', scopeId: orgId });
    return {
      items: page.items.map(({ globalOnly, email, ...holder }) => ({
        ...holder,
        email: globalOnly ? null : email,
        global: globalOnly,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async holders(
    query: Omit<AccessQuery, 'userId'> & { limit: number; cursor?: string },
  ): Promise<Page<Omit<HolderRow, 'globalOnly'>>> {
    const page = await this.holderPage(query);
    return {
      items: page.items.map(({ globalOnly: _global, ...holder }) => holder),
      nextCursor: page.nextCursor,
    };
  }

  private async holderPage(
    query: Omit<AccessQuery, 'userId'> & { limit: number; cursor?: string },
  ): Promise<Page<HolderRow>> {
    requireScopeId(query);
    const permission = splitPermission(query.permission);
    if (!permission) return { items: [], nextCursor: null };
    const after = ID_CURSOR.decode(query.cursor) ?? null;
    const rows = await this.access.holders(
      permission,
      { scope: query.scope, scopeId: query.scopeId ?? null, parentScopeId: query.parentScopeId ?? null },
      this.clock.now(),
      { after, limit: query.limit + 1 },
    );
    return toPage(rows, query.limit, (r) => ID_CURSOR.encode(r.id));
  }
}
