import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class VerificationTokenInvalidError extends DomainError {
  readonly code = 'VERIFICATION_TOKEN_INVALID';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor() {
    super('This verification link is not valid. Request a new one.');
  }
}

export class VerificationTokenUsedError extends DomainError {
  readonly code = 'VERIFICATION_TOKEN_USED';
  readonly status = HttpStatus.GONE;
  constructor() {
    super('This verification link has already been used.');
  }
}

export class VerificationTokenExpiredError extends DomainError {
  readonly code = 'VERIFICATION_TOKEN_EXPIRED';
  readonly status = HttpStatus.GONE;
  constructor() {
    super('This verification link has expired or was replaced by a newer one. Request a new one.');
  }
}

export class VerificationRateLimitedError extends DomainError {
  readonly code = 'VERIFICATION_RATE_LIMITED';
  readonly status = HttpStatus.TOO_MANY_REQUESTS;
  constructor(retryAfterSeconds: number) {
    super(`A verification e-mail was sent moments ago; try again in ${retryAfterSeconds} s.`);
    this.extensions.retryAfterSeconds = retryAfterSeconds;
  }
}

export class EmailAlreadyVerifiedError extends DomainError {
  readonly code = 'EMAIL_ALREADY_VERIFIED';
  readonly status = HttpStatus.CONFLICT;
  constructor() {
    super('Your e-mail address is already verified.');
  }
}

export class EmailUnchangedError extends DomainError {
  readonly code = 'EMAIL_UNCHANGED';
  readonly status = HttpStatus.CONFLICT;
  constructor() {
    super('This is already your e-mail address.');
    this.extensions.field = 'email';
  }
}

export class EmailChangeUndoInvalidError extends DomainError {
  readonly code = 'EMAIL_CHANGE_UNDO_INVALID';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor() {
    super('This link is not valid.');
  }
}

export class EmailChangeUndoUsedError extends DomainError {
  readonly code = 'EMAIL_CHANGE_UNDO_USED';
  readonly status = HttpStatus.GONE;
  constructor() {
    super('This link has already been used.');
  }
}

export class EmailChangeUndoExpiredError extends DomainError {
  readonly code = 'EMAIL_CHANGE_UNDO_EXPIRED';
  readonly status = HttpStatus.GONE;
  constructor() {
    super('This link has expired; contact support to recover the account.');
  }
}
