import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** Over a rate-limit rule; Retry-After says when to try again. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  readonly status = HttpStatus.TOO_MANY_REQUESTS;
  constructor(
    readonly rule: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many requests. Try again in ${retryAfterSeconds} seconds.`);
    this.extensions.retryAfter = retryAfterSeconds;
  }
}
