import { InvalidGrantWindowError, InvalidScopeError } from './access.errors';
import { PermissionScope } from './access.types';

/** GLOBAL takes no scope id; every other scope needs one. */
export function placementOf(scope: PermissionScope | undefined, scopeId: string | undefined) {
  const resolved = scope ?? 'GLOBAL';
  if (resolved === 'GLOBAL' && scopeId !== undefined)
    throw new InvalidScopeError('A GLOBAL grant takes no scopeId.');
  if (resolved !== 'GLOBAL' && scopeId === undefined)
    throw new InvalidScopeError(`Scope ${resolved} needs a scopeId.`);
  return { scope: resolved, scopeId: scopeId?.toLowerCase() ?? null };
}

/** Starts now unless said otherwise; must end after it starts and after now. */
export function windowOf(startsAt: string | undefined, expiresAt: string | undefined, now: Date) {
  const starts = startsAt === undefined ? now : new Date(startsAt);
  const expires = expiresAt === undefined ? null : new Date(expiresAt);
  if (expires !== null && expires <= starts)
    throw new InvalidGrantWindowError('expiresAt must be after startsAt.');
  if (expires !== null && expires <= now)
    throw new InvalidGrantWindowError('expiresAt must be in the future.');
  return { startsAt: starts, expiresAt: expires };
}
