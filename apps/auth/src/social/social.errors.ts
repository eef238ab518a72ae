import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@orion/core';

export class UnknownIdentityProviderError extends DomainError {
  readonly code = 'IDENTITY_PROVIDER_UNKNOWN';
  readonly status = HttpStatus.NOT_FOUND;
  constructor() {
    super('No identity provider with this name is configured.');
  }
}

export class IdentityProviderUnavailableError extends DomainError {
  readonly code = 'IDENTITY_PROVIDER_UNAVAILABLE';
  readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  constructor() {
    super('The identity provider cannot be reached. Try again later.');
  }
}

export class RedirectUriNotAllowedError extends DomainError {
  readonly code = 'REDIRECT_URI_NOT_ALLOWED';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor() {
    super('This redirect URI is not registered for sign-in.');
  }
}

/** Unknown, used or expired state, or one started for another provider: possibly a forged callback. */
export class SocialStateInvalidError extends DomainError {
  readonly code = 'SOCIAL_STATE_INVALID';
  readonly status = HttpStatus.BAD_REQUEST;
  constructor() {
    super('This sign-in was not started here, was already completed or took too long. Start again.');
  }
}

/**
 * The callback did not carry the binding of the user agent that started the flow (its cookie, or
 * the value the start route answered): a replayed callback URL, or login CSRF. Nothing is redeemed.
 */
export class SocialFlowBindingError extends DomainError {
  readonly code = 'SOCIAL_FLOW_BINDING_INVALID';
  readonly status = HttpStatus.FORBIDDEN;
  constructor() {
    super('This sign-in was started in another browser or app. Start again here.');
  }
}

/** The provider refused, or its answer did not verify (code, PKCE, nonce, ID token). */
export class SocialSignInFailedError extends DomainError {
  readonly code = 'SOCIAL_SIGN_IN_FAILED';
  readonly status = HttpStatus.UNAUTHORIZED;
  constructor(reason: string) {
    super('The identity provider did not confirm who you are.');
    this.extensions.reason = reason;
  }
}

export class SocialEmailRequiredError extends DomainError {
  readonly code = 'SOCIAL_EMAIL_REQUIRED';
  readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  constructor() {
    super('The identity provider did not share an e-mail address, which a new account needs.');
  }
}

export class SocialAccountDisabledError extends DomainError {
  readonly code = 'SOCIAL_ACCOUNT_DISABLED';
  readonly status = HttpStatus.FORBIDDEN;
  constructor() {
    super('This account cannot sign in.');
  }
}

/** The provider identity belongs to another account, or the caller has another identity of it. */
export class SocialIdentityConflictError extends DomainError {
  readonly code = 'SOCIAL_IDENTITY_CONFLICT';
  readonly status = HttpStatus.CONFLICT;
  constructor() {
    super(
      'This provider account is linked elsewhere, or you already linked another account of this provider.',
    );
  }
}

export class SocialLinkNotFoundError extends DomainError {
  readonly code = 'SOCIAL_LINK_NOT_FOUND';
  readonly status = HttpStatus.NOT_FOUND;
  constructor() {
    super('This provider is not linked to your account.');
  }
}

export class LastSignInMethodError extends DomainError {
  readonly code = 'LAST_SIGN_IN_METHOD';
  readonly status = HttpStatus.CONFLICT;
  constructor() {
    super('This is the only way to sign in to your account. Set a password or link another provider first.');
  }
}

/** A link must finish in the signed-in session of the account that started it (no forced links). */
export class SocialLinkForbiddenError extends DomainError {
  readonly code = 'SOCIAL_LINK_FORBIDDEN';
  readonly status = HttpStatus.FORBIDDEN;
  constructor() {
    super('Finish linking while signed in to the account that started it.');
  }
}
