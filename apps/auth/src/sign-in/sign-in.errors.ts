import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** The right credentials, but the attempt looked too risky; the owner was alerted. */
export class SignInBlockedError extends DomainError {
  readonly code = 'SIGN_IN_BLOCKED';
  readonly status = HttpStatus.FORBIDDEN;
  constructor() {
    super('This sign-in was refused for the account’s protection. The account owner has been notified.');
  }
}
