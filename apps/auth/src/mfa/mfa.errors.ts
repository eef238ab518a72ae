import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** Unknown, expired, used or exhausted: the client must sign in again. */
export class MfaChallengeInvalidError extends DomainError {
  readonly code = 'MFA_CHALLENGE_INVALID';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('The sign-in challenge is unknown, expired or used up; sign in again.');
  }
}

/** A wrong answer; the challenge survives until its attempts are used up. */
export class MfaCodeInvalidError extends DomainError {
  readonly code = 'MFA_CODE_INVALID';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor(attemptsLeft: number) {
    super('The second factor was not accepted.');
    this.extensions.attemptsLeft = attemptsLeft;
  }
}

export class MfaMethodNotAllowedError extends DomainError {
  readonly code = 'MFA_METHOD_NOT_ALLOWED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(method: string) {
    super(`The method "${method}" cannot answer this challenge.`);
  }
}
