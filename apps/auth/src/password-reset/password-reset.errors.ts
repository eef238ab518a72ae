import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** Unknown, used, replaced or expired: one answer, so a token's history cannot be probed. */
export class PasswordResetTokenInvalidError extends DomainError {
  readonly code = 'PASSWORD_RESET_TOKEN_INVALID';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor() {
    super('This password reset link is invalid or has expired. Request a new one.');
  }
}
