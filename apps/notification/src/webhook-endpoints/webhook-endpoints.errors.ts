import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class WebhookEndpointNotFoundError extends DomainError {
  readonly code = 'WEBHOOK_ENDPOINT_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;

  constructor() {
    super('No such webhook endpoint.');
  }
}

/** Not https, carries credentials, or points at a private address where that is not allowed. */
export class WebhookUrlRejectedError extends DomainError {
  readonly code = 'WEBHOOK_URL_REJECTED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;

  constructor(problem: string) {
    super(`The webhook URL ${problem}.`);
  }
}
