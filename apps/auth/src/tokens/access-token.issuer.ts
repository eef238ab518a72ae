import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG, ServiceConfig } from '@orion/core';
import { EMAIL_VERIFIED_CLAIM } from '@orion/security';
import { SignJWT } from 'jose';
import { AUTH_CONFIG, AuthConfig } from '../config/auth.config';
import { SigningKeysService } from '../keys/signing-keys.service';
import { assuranceLevelOf, SessionAuthentication } from './session-authentication';

/** RFC 9068 access-token media type, as AccessTokenGuard demands. */
const ACCESS_TOKEN_TYP = 'at+jwt';

export interface AccessTokenClaims {
  userId: string;
  jti: string;
  sessionId: string;
  issuedAt: Date;
  /** When and how the session's user last proved who they are; the family keeps it across refreshes. */
  authentication: SessionAuthentication;
  /** False restricts the token to @AllowUnverifiedEmail() routes in every service. */
  emailVerified: boolean;
}

/** Mints access tokens exactly as @orion/security's AccessTokenGuard verifies them. */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly keys: SigningKeysService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
  ) {}

  get ttlS(): number {
    return this.config.accessTokenTtlS;
  }

  async issue(claims: AccessTokenClaims): Promise<{ token: string; expiresAt: Date }> {
    const key = await this.keys.signingKey(claims.issuedAt);
    const iat = Math.floor(claims.issuedAt.getTime() / 1000);
    const exp = iat + this.config.accessTokenTtlS;
    const { authTime, amr } = claims.authentication;
    const token = await new SignJWT({
      sid: claims.sessionId,
      auth_time: Math.floor(authTime.getTime() / 1000),
      amr,
      acr: assuranceLevelOf(amr),
      [EMAIL_VERIFIED_CLAIM]: claims.emailVerified,
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ACCESS_TOKEN_TYP })
      .setIssuer(this.service.security.issuer)
      .setAudience(this.service.security.audience)
      .setSubject(claims.userId)
      .setJti(claims.jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key.privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  }
}
