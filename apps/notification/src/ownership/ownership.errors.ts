import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** An API key that names no owner cannot own endpoints or batches (every key issued today has one). */
export class OwnerRequiredError extends DomainError {
  readonly code = 'OWNER_REQUIRED';
  readonly status = HttpStatus.FORBIDDEN;

  constructor() {
    super('This API key has no owner, so it cannot own webhook endpoints or batches.');
  }
}
