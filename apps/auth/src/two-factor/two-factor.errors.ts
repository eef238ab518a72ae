import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class NoSecondFactorError extends DomainError {
  readonly code = 'TWO_FACTOR_NOT_ENABLED';
  readonly status = HttpStatus.CONFLICT;
  constructor() {
    super('Enable a second factor first.');
  }
}

export class FactorAlreadyEnabledError extends DomainError {
  readonly code = 'TWO_FACTOR_ALREADY_ENABLED';
  readonly status = HttpStatus.CONFLICT;
  constructor(method: string) {
    super(`The method "${method}" is already enabled; disable it before enrolling again.`);
  }
}

export class EnrolmentNotFoundError extends DomainError {
  readonly code = 'TWO_FACTOR_ENROLMENT_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor(method: string) {
    super(`There is no ${method} enrolment waiting for confirmation; start again.`);
  }
}

export class FactorNotFoundError extends DomainError {
  readonly code = 'TWO_FACTOR_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor(method: string) {
    super(`No enabled ${method} factor was found.`);
  }
}

/** A wrong or reused code during enrolment or when disabling a factor. */
export class TwoFactorCodeInvalidError extends DomainError {
  readonly code = 'TWO_FACTOR_CODE_INVALID';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor() {
    super('The code is not valid (wrong, expired or already used).');
  }
}

export class WebAuthnVerificationError extends DomainError {
  readonly code = 'WEBAUTHN_VERIFICATION_FAILED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor() {
    super('The authenticator response could not be verified; start the ceremony again.');
  }
}

export class CodeDeliveryUnavailableError extends DomainError {
  readonly code = 'TWO_FACTOR_DELIVERY_UNAVAILABLE';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(reason: string) {
    super(reason);
  }
}

export class TooManyCodesError extends DomainError {
  readonly code = 'TWO_FACTOR_TOO_MANY_CODES';
  readonly status = HttpStatus.TOO_MANY_REQUESTS;
  constructor(retryAfterSeconds: number) {
    super('Too many codes were sent or tried; wait before trying again.');
    this.extensions.retryAfterSeconds = retryAfterSeconds;
  }
}
