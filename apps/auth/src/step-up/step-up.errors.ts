import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** The access token's session has ended (or was never this service's): sign in again. */
export class StepUpSessionEndedError extends DomainError {
  readonly code = 'SESSION_ENDED';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('This session has ended; sign in again.');
  }
}

/** The account has no password (it signs in through an identity provider only). */
export class StepUpMethodUnavailableError extends DomainError {
  readonly code = 'STEP_UP_METHOD_UNAVAILABLE';
  readonly status = HttpStatus.CONFLICT;
  constructor(method: string) {
    super(`The account cannot confirm itself with ${method}; use another method or sign in again.`);
    this.extensions.method = method;
  }
}
