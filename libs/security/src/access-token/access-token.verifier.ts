import { Inject, Injectable, Logger } from '@nestjs/common';
import { REDIS_CLIENT, RedisNamespace } from '@orion/core';
import type Redis from 'ioredis';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { UserPrincipal } from '../principal/principal';
import {
  AuthenticationUnavailableError,
  TokenExpiredError,
  TokenInvalidError,
  TokenRevokedError,
} from '../security.errors';
import { ResolvedSecurityOptions, SECURITY_OPTIONS } from '../security.options';
import { emailVerifiedOf } from '../email-verification/email-verification.restriction';
import { readRevocation } from './token-revocation';

/**
 * The token type of Orion access tokens, checked in the JWT header (RFC 9068 §2.1). It keeps an
 * ID token or any other JWT signed with the same keys from being accepted as an access token.
 */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/**
 * Verifies access tokens issued by the auth service: signature against its published key set
 * (cached; refetched on an unknown kid, at most once per cooldown), allowed algorithms, typ, iss,
 * aud, exp/nbf with a small tolerance, an `iat` neither in the future nor older than the maximum
 * token age (a token minted with a far-off exp is still refused), then revocation in Redis.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly logger = new Logger(AccessTokenVerifier.name);
  private readonly keySet: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    @Inject(SECURITY_OPTIONS) private readonly options: ResolvedSecurityOptions,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(RedisNamespace) private readonly namespace: RedisNamespace,
  ) {
    this.keySet = createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: options.jwks.cooldownMs,
      cacheMaxAge: options.jwks.cacheMaxAgeMs,
      timeoutDuration: options.jwks.timeoutMs,
    });
  }

  async verify(token: string): Promise<UserPrincipal> {
    const payload = await this.verifyJwt(token);
    const principal = toPrincipal(payload);
    let revocation: Awaited<ReturnType<typeof readRevocation>>;
    try {
      revocation = await readRevocation(this.redis, this.namespace, {
        jti: principal.tokenId,
        userId: principal.userId,
        issuedAt: payload.iat as number,
      });
    } catch (error) {
      // Fail closed: without the revocation list a revoked token would pass.
      this.logger.warn(`Revocation list unreadable: ${(error as Error).message}`);
      throw new AuthenticationUnavailableError();
    }
    if (revocation) throw new TokenRevokedError();
    return principal;
  }

  private async verifyJwt(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keySet, {
        algorithms: this.options.algorithms,
        typ: ACCESS_TOKEN_TYPE,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceS,
        maxTokenAge: this.options.maxTokenAgeS,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      });
      return payload;
    } catch (error) {
      const mapped = classify(error);
      if (mapped instanceof AuthenticationUnavailableError) {
        this.logger.warn(`Key set ${this.options.jwksUrl} unusable: ${(error as Error).message}`);
      }
      throw mapped;
    }
  }
}

function classify(error: unknown): Error {
  if (error instanceof errors.JWTExpired && error.claim === 'iat') return new TokenInvalidError('too old');
  if (error instanceof errors.JWTExpired) return new TokenExpiredError();
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return new TokenInvalidError('not valid yet');
    if (error.claim === 'iat') return new TokenInvalidError('issued in the future');
    return new TokenInvalidError(`claim ${error.claim} rejected`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new TokenInvalidError('algorithm not accepted');
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenInvalidError('signed by an unknown key');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenInvalidError('bad signature');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return new TokenInvalidError('malformed');
  }
  // Anything else happened while fetching or reading the key set: not the caller's fault.
  return new AuthenticationUnavailableError();
}

function toPrincipal(payload: JWTPayload): UserPrincipal {
  if (typeof payload.sub !== 'string' || payload.sub === '')
    throw new TokenInvalidError('claim sub rejected');
  if (typeof payload.jti !== 'string' || payload.jti === '')
    throw new TokenInvalidError('claim jti rejected');
  const { sid, scope } = payload as { sid?: unknown; scope?: unknown };
  if (sid !== undefined && typeof sid !== 'string') throw new TokenInvalidError('claim sid rejected');
  if (scope !== undefined && typeof scope !== 'string') throw new TokenInvalidError('claim scope rejected');
  return {
    kind: 'user',
    userId: payload.sub,
    sessionId: sid,
    scopes: scope ? scope.split(' ').filter(Boolean) : [],
    tokenId: payload.jti,
    issuedAt: new Date((payload.iat as number) * 1000),
    expiresAt: new Date((payload.exp as number) * 1000),
    ...authenticationOf(payload),
    ...withEmailVerified(emailVerifiedOf(payload)),
  };
}

/** `auth_time` and `amr` (OpenID Connect Core §2), optional: tokens without them are never recent. */
function authenticationOf(
  payload: JWTPayload,
): Pick<UserPrincipal, 'authenticatedAt' | 'authenticationMethods'> {
  const { auth_time: authTime, amr } = payload as { auth_time?: unknown; amr?: unknown };
  if (authTime !== undefined && (typeof authTime !== 'number' || !Number.isFinite(authTime)))
    throw new TokenInvalidError('claim auth_time rejected');
  if (amr !== undefined && (!Array.isArray(amr) || amr.some((value) => typeof value !== 'string')))
    throw new TokenInvalidError('claim amr rejected');
  return {
    ...(authTime !== undefined && { authenticatedAt: new Date(authTime * 1000) }),
    ...(amr !== undefined && { authenticationMethods: amr as string[] }),
  };
}

const withEmailVerified = (emailVerified: boolean | undefined) =>
  emailVerified === undefined ? {} : { emailVerified };
