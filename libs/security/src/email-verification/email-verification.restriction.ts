import { ExecutionContext, HttpStatus, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@orion/core';
import type { JWTPayload } from 'jose';
import type { UserPrincipal } from '../principal/principal';

/**
 * The access-token claim that says whether the account's address is proven (the OpenID Connect
 * standard claim name). The auth service sets it on every token it issues; `false` restricts the
 * token to the routes marked @AllowUnverifiedEmail(). A token without the claim is not restricted.
 */
export const EMAIL_VERIFIED_CLAIM = 'email_verified';

const ALLOW_UNVERIFIED_EMAIL = 'orion:allow-unverified-email';

/**
 * A route an account whose address is not verified yet may use: verifying, resending the link,
 * reading its own profile, signing out. Every other bearer route answers 403
 * EMAIL_VERIFICATION_REQUIRED to such a token, in every service alike.
 */
export const AllowUnverifiedEmail = () => SetMetadata(ALLOW_UNVERIFIED_EMAIL, true);

export class EmailVerificationRequiredError extends DomainError {
  readonly code = 'EMAIL_VERIFICATION_REQUIRED';
  readonly status = HttpStatus.FORBIDDEN;
  constructor() {
    super('Verify your e-mail address first: open the link we sent you (or ask for a new one).');
  }
}

/** The claim as the principal carries it; undefined when the token does not state it. */
export function emailVerifiedOf(payload: JWTPayload): boolean | undefined {
  const value = payload[EMAIL_VERIFIED_CLAIM];
  return typeof value === 'boolean' ? value : undefined;
}

/** Throws for a restricted token on a route that did not opt in. */
export function assertEmailVerificationAllows(
  reflector: Reflector,
  context: ExecutionContext,
  principal: UserPrincipal,
): void {
  if (principal.emailVerified !== false) return;
  const allowed = reflector.getAllAndOverride<boolean | undefined>(ALLOW_UNVERIFIED_EMAIL, [
    context.getHandler(),
    context.getClass(),
  ]);
  if (!allowed) throw new EmailVerificationRequiredError();
}
