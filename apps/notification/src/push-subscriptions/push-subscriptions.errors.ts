import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class PushSubscriptionNotFoundError extends DomainError {
  readonly code = 'PUSH_SUBSCRIPTION_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;

  constructor() {
    super('No such push subscription.');
  }
}

/**
 * Another user registered this endpoint (one browser installation). It stays theirs: the browser
 * should unsubscribe and subscribe again, which yields a new endpoint for the new user.
 */
export class PushSubscriptionTakenError extends DomainError {
  readonly code = 'PUSH_SUBSCRIPTION_TAKEN';
  readonly status = HttpStatus.CONFLICT;

  constructor() {
    super(
      'This push endpoint is registered to another account; unsubscribe in the browser and subscribe again.',
    );
  }
}

/** The endpoint is not a URL the service will send to (https, public host), or the keys are malformed. */
export class PushSubscriptionRejectedError extends DomainError {
  readonly code = 'PUSH_SUBSCRIPTION_REJECTED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;

  constructor(problem: string) {
    super(`The push subscription ${problem}.`);
  }
}
