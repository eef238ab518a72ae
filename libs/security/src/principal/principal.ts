/** Who is calling, as established by AccessTokenGuard or ApiKeyGuard. */
export type Principal = UserPrincipal | ServicePrincipal;

/** A user, authenticated by an access token issued by the auth service. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  /** The sign-in session the token belongs to (claim `sid`), when the auth service sets one. */
  sessionId?: string;
  /** OAuth scopes of the token (claim `scope`, space-separated). */
  scopes: string[];
  /** The token's `jti`: what revokeAccessToken() takes. */
  tokenId: string;
  issuedAt: Date;
  expiresAt: Date;
  /** When the user last proved who they are in this session (claim `auth_time`): sign-in or step-up. */
  authenticatedAt?: Date;
  /** How (claim `amr`, RFC 8176 values such as `pwd`, `otp`, `hwk`, `mfa`). */
  authenticationMethods?: string[];
  /** Claim `email_verified`; false restricts the token (see @AllowUnverifiedEmail). */
  emailVerified?: boolean;
}

/** Another service (or an integration), authenticated by an API key. */
export interface ServicePrincipal {
  kind: 'service';
  keyId: string;
  serviceName?: string;
  ownerId?: string;
  /** Permissions granted to the key, e.g. `users:read`. */
  scopes: string[];
  expiresAt?: Date;
}

// A symbol keeps the principal off any name a framework or plugin might use on the request.
const PRINCIPAL = Symbol('orion.principal');

type Carrier = { [PRINCIPAL]?: Principal };

export function principalOf(request: object): Principal | undefined {
  return (request as Carrier)[PRINCIPAL];
}

export function attachPrincipal(request: object, principal: Principal): void {
  (request as Carrier)[PRINCIPAL] = principal;
}
