import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** Unknown, revoked or already-used refresh token; one answer so nothing about it leaks. */
export class RefreshTokenInvalidError extends DomainError {
  readonly code = 'REFRESH_TOKEN_INVALID';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('The refresh token is not valid; sign in again.');
  }
}

export class RefreshTokenExpiredError extends DomainError {
  readonly code = 'REFRESH_TOKEN_EXPIRED';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('The refresh token has expired; sign in again.');
  }
}

/** A rotated token came back after its grace window: the whole sign-in was revoked. */
export class RefreshTokenReusedError extends DomainError {
  readonly code = 'REFRESH_TOKEN_REUSED';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('This refresh token was already used; the session has been ended for safety. Sign in again.');
  }
}
