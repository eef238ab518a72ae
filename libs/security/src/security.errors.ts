import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

/** A bearer-token failure: the guard answers it with a `WWW-Authenticate: Bearer …` challenge. */
export abstract class BearerTokenError extends DomainError {
  readonly status = HttpStatus.UNAUTHORIZED;
  /** RFC 6750 error code; absent when the request carried no token at all (RFC 6750 §3.1). */
  readonly bearerError: string | undefined = 'invalid_token';
}

export class TokenMissingError extends BearerTokenError {
  readonly code = 'TOKEN_MISSING';
  override readonly bearerError = undefined;
  constructor() {
    super('This request needs an access token: send Authorization: Bearer <token>.');
  }
}

/**
 * A route that takes either credential got neither: TOKEN_MISSING would send a backend looking for
 * a user token when its API key (with the route's permission among its scopes) is just as welcome.
 */
export class CredentialsMissingError extends BearerTokenError {
  readonly code = 'CREDENTIALS_MISSING';
  override readonly bearerError = undefined;
  constructor(permission?: string) {
    const key = permission ? `an API key with scope ${permission}` : 'an API key';
    super(`This request needs an access token (Authorization: Bearer <token>) or ${key} (X-API-Key).`);
    if (permission) this.extensions.requiredScope = permission;
  }
}

export class TokenInvalidError extends BearerTokenError {
  readonly code = 'TOKEN_INVALID';
  constructor(reason: string) {
    super(`The access token is not valid: ${reason}.`);
  }
}

export class TokenExpiredError extends BearerTokenError {
  readonly code = 'TOKEN_EXPIRED';
  constructor() {
    super('The access token has expired; refresh it and retry.');
  }
}

export class TokenRevokedError extends BearerTokenError {
  readonly code = 'TOKEN_REVOKED';
  constructor() {
    super('The access token has been revoked; sign in again.');
  }
}

/** The keys or the revocation list cannot be read: the caller may be fine, so not a 401 and not a 500. */
export class AuthenticationUnavailableError extends DomainError {
  readonly code = 'AUTHENTICATION_UNAVAILABLE';
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  constructor() {
    super('Credentials cannot be verified right now; retry shortly.');
  }
}

export class AuthenticationRequiredError extends DomainError {
  readonly code = 'AUTHENTICATION_REQUIRED';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('This route needs an authenticated caller.');
  }
}

export class UserAuthenticationRequiredError extends DomainError {
  readonly code = 'USER_AUTHENTICATION_REQUIRED';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('This route acts on behalf of a user and needs a user access token, not an API key.');
  }
}

export class ApiKeyMissingError extends DomainError {
  readonly code = 'API_KEY_MISSING';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('This route needs an API key in the X-API-Key header.');
  }
}

/** Unknown, revoked or malformed: one answer so callers cannot probe which keys exist. */
export class ApiKeyInvalidError extends DomainError {
  readonly code = 'API_KEY_INVALID';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('The API key is not valid.');
  }
}

export class ApiKeyExpiredError extends DomainError {
  readonly code = 'API_KEY_EXPIRED';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor() {
    super('The API key has expired.');
  }
}

export class PermissionDeniedError extends DomainError {
  readonly code = 'PERMISSION_DENIED';
  readonly status = HttpStatus.FORBIDDEN;
  constructor(permission: string, scope: string, scopeId?: string, reason?: string) {
    const where = scopeId === undefined ? scope : `${scope} ${scopeId}`;
    super(`Permission ${permission} is required in scope ${where}.`);
    Object.assign(this.extensions, { permission, scope, scopeId, reason });
  }
}

export class ScopeIdMissingError extends DomainError {
  readonly code = 'SCOPE_ID_MISSING';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor(source: string, name: string) {
    super(`The ${source} field ${name} is required to check this permission.`);
  }
}

/** The permission checker (the user service) did not answer: retryable, never a 500 nor a silent allow. */
export class PermissionCheckUnavailableError extends DomainError {
  readonly code = 'PERMISSION_CHECK_UNAVAILABLE';
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  constructor() {
    super('Permissions cannot be checked right now; retry shortly.');
  }
}

/**
 * The route changes something an attacker holding a stolen token must not change: the user has to
 * prove who they are again (sign in, or POST /auth/step-up) and retry with the fresh access token.
 */
export class ReauthenticationRequiredError extends DomainError {
  readonly code = 'REAUTHENTICATION_REQUIRED';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor(maxAgeSeconds: number, authenticatedAt?: Date) {
    super(
      `This change needs an authentication within the last ${maxAgeSeconds} s: confirm your password ` +
        'or a second factor at POST /api/v1/auth/step-up and retry with the access token it returns.',
    );
    Object.assign(this.extensions, {
      maxAgeSeconds,
      stepUpUrl: '/api/v1/auth/step-up',
      ...(authenticatedAt && { authenticatedAt: authenticatedAt.toISOString() }),
    });
  }
}
