import { Injectable } from '@nestjs/common';
import { PERMISSION_FORMAT, UserStatus } from '@orion/contracts';
import { Clock } from '@orion/core';
import { PermissionChecker, PermissionDecision, PermissionQuery } from '@orion/security';
import { describeDenial, evaluate, Evaluation, statusAt } from './access-evaluation';
import { AccessRepository } from './access.repository';
import { AccessQuery, PermissionSource } from './access.types';

export interface Explanation extends Evaluation {
  query: AccessQuery;
  userLive: boolean;
  /** Null when the user does not exist or is deleted. */
  userStatus: UserStatus | null;
  reason: string;
  checkedAt: Date;
}

/**
 * "May user X do resource:action in this scope?" answered from the database at the moment of the
 * question: role assignments (with every ancestor's permissions) and direct grants, each within
 * its scope and time window. PermissionCache sits in front of it; every writer invalidates.
 */
@Injectable()
export class AccessCheckService extends PermissionChecker {
  constructor(
    private readonly access: AccessRepository,
    private readonly clock: Clock,
  ) {
    super();
  }

  async check(query: PermissionQuery): Promise<PermissionDecision> {
    const explanation = await this.explain(query);
    const decision: PermissionDecision = { allowed: explanation.allowed };
    if (!explanation.allowed) decision.reason = explanation.reason;
    if (explanation.validUntil) decision.validUntil = explanation.validUntil.toISOString();
    return decision;
  }

  async explain(query: AccessQuery): Promise<Explanation> {
    const checkedAt = this.clock.now();
    const base = { query, checkedAt, granting: [], nearMisses: [] };
    const permission = splitPermission(query.permission);
    const unanswered = { ...base, allowed: false, userLive: false, userStatus: null };
    if (!permission) return { ...unanswered, reason: 'malformed permission' };
    if (query.scope !== 'GLOBAL' && !query.scopeId) {
      return { ...unanswered, reason: `scope ${query.scope} needs a scope id` };
    }
    const { userLive, userStatus, sources } = await this.access.sourcesOf(query.userId, permission);
    const evaluation = evaluate(userLive ? sources : [], query, checkedAt);
    const reason = evaluation.allowed ? 'granted' : describeDenial(query, evaluation, userStatus);
    return { ...evaluation, query, userLive, userStatus, reason, checkedAt };
  }

  /** Everything the user may do right now, with the sources of each permission. */
  async effective(userId: string): Promise<{ userStatus: UserStatus | null; sources: PermissionSource[] }> {
    const now = this.clock.now();
    const { userLive, userStatus, sources } = await this.access.sourcesOf(userId, null);
    const valid = sources.filter((s) => s.startsAt <= now && (s.expiresAt === null || s.expiresAt > now));
    return { userStatus, sources: userLive ? valid : [] };
  }

  /**
   * What the user holds right now by their assignments and grants, whatever the account's status:
   * a suspended or locked administrator still outranks those who might lift the suspension.
   */
  async assigned(userId: string): Promise<PermissionSource[]> {
    const now = this.clock.now();
    const { sources } = await this.access.sourcesOf(userId, null);
    return sources.filter((source) => statusAt(source, now) === 'VALID');
  }

  /**
   * Which of `permissions` the user holds GLOBALLY right now, by the same evaluation as check(),
   * over one read of the user's sources; `validUntil` is the first moment any answer may change.
   * What an API key may use: its scopes, cut down to its owner's.
   */
  async heldGlobally(userId: string, permissions: string[]): Promise<{ held: string[]; validUntil?: Date }> {
    const now = this.clock.now();
    const { userLive, sources } = await this.access.sourcesOf(userId, null);
    const held: string[] = [];
    const changes: number[] = [];
    for (const permission of permissions) {
      const evaluation = evaluate(userLive ? sources : [], { userId, permission, scope: 'GLOBAL' }, now);
      if (evaluation.allowed) held.push(permission);
      if (evaluation.validUntil) changes.push(evaluation.validUntil.getTime());
    }
    return { held, ...(changes.length > 0 && { validUntil: new Date(Math.min(...changes)) }) };
  }
}

export function splitPermission(permission: string): { resource: string; action: string } | null {
  if (!PERMISSION_FORMAT.test(permission)) return null;
  const [resource, action] = permission.split(':') as [string, string];
  return { resource, action };
}
