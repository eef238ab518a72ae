import { Injectable } from '@nestjs/common';
import { PERMISSION_FORMAT } from '@orion/contracts';
import { PermissionChecker, PermissionDecision, PermissionQuery } from '@orion/security';
import { describeDenial, evaluate, Evaluation } from './access-evaluation';
import { AccessRepository } from './access.repository';
import { AccessQuery, PermissionSource } from './access.types';

export interface Explanation extends Evaluation {
  query: AccessQuery;
  userLive: boolean;
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
  constructor(private readonly access: AccessRepository) {
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
    const checkedAt = new Date();
    const base = { query, checkedAt, granting: [], nearMisses: [] };
    const permission = splitPermission(query.permission);
    if (!permission) return { ...base, allowed: false, userLive: false, reason: 'malformed permission' };
    if (query.scope !== 'GLOBAL' && !query.scopeId) {
      return { ...base, allowed: false, userLive: true, reason: `scope ${query.scope} needs a scope id` };
    }
    const { userLive, sources } = await this.access.sourcesOf(query.userId, permission);
    const evaluation = evaluate(userLive ? sources : [], query, checkedAt);
    const reason = evaluation.allowed ? 'granted' : describeDenial(query, evaluation, userLive);
    return { ...evaluation, query, userLive, reason, checkedAt };
  }

  /** Everything the user may do right now, with the sources of each permission. */
  async effective(userId: string): Promise<{ userLive: boolean; sources: PermissionSource[] }> {
    const now = new Date();
    const { userLive, sources } = await this.access.sourcesOf(userId, null);
    const valid = sources.filter((s) => s.startsAt <= now && (s.expiresAt === null || s.expiresAt > now));
    return { userLive, sources: userLive ? valid : [] };
  }
}

export function splitPermission(permission: string): { resource: string; action: string } | null {
  if (!PERMISSION_FORMAT.test(permission)) return null;
  const [resource, action] = permission.split(':') as [string, string];
  return { resource, action };
}
