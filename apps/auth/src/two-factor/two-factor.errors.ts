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

/** A daily cap on texts is reached (SMS pumping defence); `scope` names which one. */
export class SmsDailyCapError extends DomainError {
  readonly code = 'SMS_DAILY_LIMIT_REACHED';
  readonly status = HttpStatus.TOO_MANY_REQUESTS;
  constructor(scope: string, retryAfterSeconds: number) {
    super('No more codes can be texted today. Use another method, or try again tomorrow.');
    this.extensions.scope = scope;
    this.extensions.retryAfter = retryAfterSeconds;
  }
}

/** The number's region is not in SMS_ALLOWED_COUNTRIES (or cannot be told). */
export class SmsCountryNotAllowedError extends DomainError {
  readonly code = 'SMS_COUNTRY_NOT_ALLOWED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(allowedCountries: string[]) {
    super('Codes cannot be texted to phone numbers of this country.');
    this.extensions.allowedCountries = allowedCountries;
  }
}

/**
 * SMS enrolment texts a number the user merely typed: only accounts that proved their e-mail
 * address may do it. The same code as the general restriction of unverified accounts.
 */
export class SmsRequiresVerifiedEmailError extends DomainError {
  readonly code = 'EMAIL_VERIFICATION_REQUIRED';
  readonly status = HttpStatus.FORBIDDEN;
  constructor() {
    super('Verify your e-mail address before adding a phone number.');
  }
}
