import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** The only sign-in failure callers see: it never says whether the address or the password was wrong. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('The e-mail address or the password is not correct.');
  }
}

export class InvalidDeviceIdError extends DomainError {
  readonly code = 'INVALID_DEVICE_ID';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor() {
    super('X-Device-Id must be 8-128 letters, digits or ._:-');
  }
}
