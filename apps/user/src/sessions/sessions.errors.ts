import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** Unknown, already ended, or someone else's: the caller cannot tell which. */
export class SessionNotFoundError extends DomainError {
  readonly code = 'SESSION_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;

  constructor() {
    super('No such active session.');
  }
}

/** Auth reported a sign-in of an account this service does not have. */
export class SessionUserNotFoundError extends DomainError {
  readonly code = 'USER_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;

  constructor() {
    super('No such user.');
  }
}
