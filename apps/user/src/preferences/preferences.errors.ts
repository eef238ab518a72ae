import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class PreferencesVersionConflictError extends DomainError {
  readonly code = 'PREFERENCES_VERSION_CONFLICT';
  readonly status = HttpStatus.CONFLICT;
  constructor(currentVersion: number) {
    super('The preferences changed since you read them; read them again and retry.');
    this.extensions.currentVersion = currentVersion;
  }
}

export class PreferencesVersionRequiredError extends DomainError {
  readonly code = 'PREFERENCES_VERSION_REQUIRED';
  readonly status = HttpStatus.PRECONDITION_REQUIRED;
  constructor() {
    super('Send If-Match with the version you read (the ETag of GET), e.g. If-Match: "3".');
  }
}

export class InvalidIfMatchError extends DomainError {
  readonly code = 'INVALID_IF_MATCH';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor() {
    super('If-Match must be the ETag of GET, e.g. "3".');
  }
}
