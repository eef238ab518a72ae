import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/**
 * The idempotency key was first used with another request: answering with the first request's
 * result would silently drop this one, so the caller is told to pick a new key (or resend the
 * original request unchanged).
 */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  readonly status = HttpStatus.CONFLICT;
  constructor(idempotencyKey: string) {
    super(
      'This idempotency key was already used with a different request: send a new key, or repeat ' +
        'the original request unchanged to get its result.',
    );
    this.extensions.idempotencyKey = idempotencyKey;
  }
}
