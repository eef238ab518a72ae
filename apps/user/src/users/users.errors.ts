import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class EmailTakenError extends DomainError {
  readonly code = 'EMAIL_TAKEN';
  readonly status = HttpStatus.CONFLICT;
  constructor() {
    super('An account with this e-mail address already exists.');
    this.extensions.field = 'email';
  }
}

export class UsernameTakenError extends DomainError {
  readonly code = 'USERNAME_TAKEN';
  readonly status = HttpStatus.CONFLICT;
  constructor() {
    super('This username is taken.');
    this.extensions.field = 'username';
  }
}

/** Also the answer for users the caller may not see, so ids cannot be probed. */
export class UserNotFoundError extends DomainError {
  readonly code = 'USER_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor() {
    super('No such user.');
  }
}

/** Administrators act on other accounts; locking oneself out is never one request away. */
export class CannotTargetSelfError extends DomainError {
  readonly code = 'CANNOT_TARGET_SELF';
  readonly status = HttpStatus.FORBIDDEN;
  constructor(action: string) {
    super(`You cannot ${action} your own account here.`);
  }
}

export class UserErasedError extends DomainError {
  readonly code = 'USER_ERASED';
  readonly status = HttpStatus.GONE;
  constructor() {
    super('This account was erased; it cannot be changed or restored.');
  }
}

export class UserDeletedError extends DomainError {
  readonly code = 'USER_DELETED';
  readonly status = HttpStatus.CONFLICT;
  constructor() {
    super('This account is deleted; restore it first.');
  }
}

export class UserNotDeletedError extends DomainError {
  readonly code = 'USER_NOT_DELETED';
  readonly status = HttpStatus.CONFLICT;
  constructor() {
    super('This account is not deleted.');
  }
}

export class ErasureNotConfirmedError extends DomainError {
  readonly code = 'ERASURE_NOT_CONFIRMED';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor() {
    super('Erasure is permanent: confirmUserId must repeat the id of the account to erase.');
    this.extensions.field = 'confirmUserId';
  }
}
