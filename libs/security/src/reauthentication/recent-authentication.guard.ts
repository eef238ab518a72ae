import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Clock, SYSTEM_CLOCK } from '@orion/core';
import { principalOf, UserPrincipal } from '../principal/principal';
import {
  AuthenticationRequiredError,
  ReauthenticationRequiredError,
  UserAuthenticationRequiredError,
} from '../security.errors';
import { ResolvedSecurityOptions, SECURITY_OPTIONS } from '../security.options';

export const RECENT_AUTHENTICATION = 'orion:recent-authentication';

export interface RecentAuthenticationOptions {
  /** Overrides REAUTHENTICATION_MAX_AGE_S for this route (seconds). */
  maxAgeS?: number;
}

/**
 * Lets a request through only when its access token's `auth_time` is at most the configured age
 * (clock tolerance included), so a token taken from a browser cannot change how the account is
 * protected. API keys never pass: a key cannot re-authenticate a user.
 */
@Injectable()
export class RecentAuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(SECURITY_OPTIONS) private readonly options: ResolvedSecurityOptions,
    @Optional() private readonly clock: Clock = SYSTEM_CLOCK,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<RecentAuthenticationOptions | undefined>(
      RECENT_AUTHENTICATION,
      [context.getHandler(), context.getClass()],
    );
    if (!required) return true;
    const principal = principalOf(context.switchToHttp().getRequest<object>());
    if (!principal) throw new AuthenticationRequiredError();
    if (principal.kind !== 'user') throw new UserAuthenticationRequiredError();
    assertRecentAuthentication(
      principal,
      required.maxAgeS ?? this.options.reauthenticationMaxAgeS,
      this.options,
      this.clock.now(),
    );
    return true;
  }
}

/**
 * The rule behind the guard, for services that accept either a password or a recent
 * authentication: `auth_time` at most `maxAgeS` ago (with the clock tolerance); else 401
 * REAUTHENTICATION_REQUIRED. A token claiming an authentication in the future is as suspect as
 * an old one; a token without `auth_time` is never recent.
 */
export function assertRecentAuthentication(
  principal: UserPrincipal,
  maxAgeS: number,
  options: { clockToleranceS: number },
  now: Date,
): void {
  const at = principal.authenticatedAt;
  const ageMs = at ? now.getTime() - at.getTime() : Number.POSITIVE_INFINITY;
  const toleranceMs = options.clockToleranceS * 1000;
  if (ageMs > maxAgeS * 1000 + toleranceMs || ageMs < -toleranceMs) {
    throw new ReauthenticationRequiredError(maxAgeS, at);
  }
}
