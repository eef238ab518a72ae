import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** The user whose roles or grants were asked for does not exist, or the caller may not see them. */
export class TargetUserNotFoundError extends DomainError {
  readonly code = 'USER_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor(userId: string) {
    super(`No user ${userId}.`);
  }
}

/**
 * Acting on another account needs every permission that account holds, in the scope it holds
 * it: otherwise a manager could disable a super-admin, or support end an administrator's sessions.
 */
export class TargetOutranksActorError extends DomainError {
  readonly code = 'TARGET_OUTRANKS_ACTOR';
  readonly status = HttpStatus.FORBIDDEN;
  constructor(missing: string[]) {
    super(`The account holds permissions you do not hold yourself: ${missing.join(', ')}.`);
    this.extensions.missingPermissions = missing;
  }
}

export class InvalidScopeError extends DomainError {
  readonly code = 'INVALID_SCOPE';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor(detail: string) {
    super(detail);
  }
}

export class InvalidGrantWindowError extends DomainError {
  readonly code = 'INVALID_GRANT_WINDOW';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor(detail: string) {
    super(detail);
  }
}

export class GrantExceedsOwnPermissionsError extends DomainError {
  readonly code = 'GRANT_EXCEEDS_OWN_PERMISSIONS';
  readonly status = HttpStatus.FORBIDDEN;
  constructor(missing: string[]) {
    super(`You cannot hand out permissions you do not hold yourself here: ${missing.join(', ')}.`);
    this.extensions.missingPermissions = missing;
  }
}
