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

/**
 * A rule a route or service names could not be read (the database did not answer before the rules
 * were first loaded) or is defined nowhere: the request is refused rather than let through unlimited.
 */
export class RateLimitsUnavailableError extends DomainError {
  readonly code = 'RATE_LIMITS_UNAVAILABLE';
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  constructor(
    readonly rule: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`The rate limits cannot be checked right now. Try again in ${retryAfterSeconds} seconds.`);
    this.extensions.retryAfter = retryAfterSeconds;
  }
}
