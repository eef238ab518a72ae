import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** Unknown, deleted or someone else's: the caller cannot tell which. */
export class ApiKeyNotFoundError extends DomainError {
  readonly code = 'API_KEY_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;

  constructor() {
    super('No such API key.');
  }
}

/** A key may only carry permissions its owner holds. */
export class ApiKeyScopeNotHeldError extends DomainError {
  readonly code = 'API_KEY_SCOPE_NOT_HELD';
  readonly status = HttpStatus.FORBIDDEN;

  constructor(scopes: string[]) {
    super(`You do not hold ${scopes.join(', ')}, so a key of yours cannot either.`);
    this.extensions.scopes = scopes;
  }
}

/** Revoked, expired or already replaced: only a live key can be rotated or revoked. */
export class ApiKeyNotActiveError extends DomainError {
  readonly code = 'API_KEY_NOT_ACTIVE';
  readonly status = HttpStatus.CONFLICT;

  constructor(state: string) {
    super(`The key is ${state}.`);
    this.extensions.state = state;
  }
}

export class ApiKeyExpiryInPastError extends DomainError {
  readonly code = 'API_KEY_EXPIRY_IN_PAST';
  readonly status = HttpStatus.BAD_REQUEST;

  constructor() {
    super('expiresAt must be in the future.');
  }
}
