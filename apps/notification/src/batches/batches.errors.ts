import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class BatchNotFoundError extends DomainError {
  readonly code = 'BATCH_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor(id: string) {
    super(`No notification batch ${id}.`);
  }
}

export class BatchNotCancellableError extends DomainError {
  readonly code = 'BATCH_NOT_CANCELLABLE';
  readonly status = HttpStatus.CONFLICT;
  constructor(status: string) {
    super(`The batch is ${status}; only a pending or processing batch can be cancelled.`);
    this.extensions.batchStatus = status;
  }
}

export class BatchTooLargeError extends DomainError {
  readonly code = 'BATCH_TOO_LARGE';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor(count: number, max: number) {
    super(`${count} recipients is more than the ${max} one batch may carry; split it.`);
    this.extensions.maxRecipients = max;
  }
}
