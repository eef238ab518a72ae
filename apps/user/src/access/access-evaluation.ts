import type { UserStatus } from '@orion/contracts';
import { AccessQuery, PERMISSION_HOLDING_STATUSES, PermissionSource, SourceStatus } from './access.types';

/**
 * The rules of a check, as pure functions over a user's sources: GLOBAL covers every scope; a
 * grant in the asked scope covers it when the ids match; an ORG grant covers a TEAM only when
 * the caller names the team's organisation (parentScopeId). Validity is judged at `now`.
 */
export function covers(source: PermissionSource, query: AccessQuery): boolean {
  if (source.scope === 'GLOBAL') return true;
  const id = source.scopeId?.toLowerCase();
  if (source.scope === query.scope) return id !== undefined && id === query.scopeId?.toLowerCase();
  return (
    query.scope === 'TEAM' &&
    source.scope === 'ORG' &&
    query.parentScopeId !== undefined &&
    id === query.parentScopeId.toLowerCase()
  );
}

export function statusAt(source: Pick<PermissionSource, 'startsAt' | 'expiresAt'>, now: Date): SourceStatus {
  if (source.startsAt > now) return 'NOT_YET_VALID';
  if (source.expiresAt !== null && source.expiresAt <= now) return 'EXPIRED';
  return 'VALID';
}

export interface Evaluation {
  allowed: boolean;
  /** Valid, covering sources: why it is allowed. */
  granting: PermissionSource[];
  /** Covering sources outside their window, and valid sources in another scope. */
  nearMisses: { source: PermissionSource; status: SourceStatus; coversScope: boolean }[];
  /** When the answer may change by itself; undefined when no window bounds it. */
  validUntil?: Date;
}

export function evaluate(sources: PermissionSource[], query: AccessQuery, now: Date): Evaluation {
  const granting: PermissionSource[] = [];
  const nearMisses: Evaluation['nearMisses'] = [];
  for (const source of sources) {
    if (source.permission !== query.permission) continue;
    const status = statusAt(source, now);
    const coversScope = covers(source, query);
    if (coversScope && status === 'VALID') granting.push(source);
    else nearMisses.push({ source, status, coversScope });
  }
  return {
    allowed: granting.length > 0,
    granting,
    nearMisses,
    validUntil: changeMoment(granting, nearMisses),
  };
}

// Allowed: lasts while any granting source lasts. Denied: until a covering source starts.
function changeMoment(granting: PermissionSource[], misses: Evaluation['nearMisses']): Date | undefined {
  if (granting.length > 0) {
    if (granting.some((s) => s.expiresAt === null)) return undefined;
    return new Date(Math.max(...granting.map((s) => (s.expiresAt as Date).getTime())));
  }
  const starts = misses
    .filter((m) => m.coversScope && m.status === 'NOT_YET_VALID')
    .map((m) => m.source.startsAt.getTime());
  return starts.length > 0 ? new Date(Math.min(...starts)) : undefined;
}

/** `userStatus` null: the user does not exist or is deleted. */
export function describeDenial(
  query: AccessQuery,
  evaluation: Evaluation,
  userStatus: UserStatus | null,
): string {
  if (!userStatus) return 'the user does not exist or is deleted';
  if (!(PERMISSION_HOLDING_STATUSES as readonly UserStatus[]).includes(userStatus)) {
    return `the user is ${userStatus.toLowerCase()} and holds no permissions`;
  }
  const covering = evaluation.nearMisses.filter((m) => m.coversScope);
  if (covering.some((m) => m.status === 'EXPIRED')) return `${query.permission}: the grant has expired`;
  if (covering.some((m) => m.status === 'NOT_YET_VALID'))
    return `${query.permission}: the grant is not valid yet`;
  if (evaluation.nearMisses.length > 0) return `${query.permission} is held only in another scope`;
  return `${query.permission} is not granted`;
}
