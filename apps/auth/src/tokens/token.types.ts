import { SessionAuthentication } from './session-authentication';

/** Who presented a credential: kept with tokens, attempts and security events. */
export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

/** What sign-in and refresh hand back. */
export interface TokenPair {
  accessToken: string;
  /** Opaque, 32 random bytes in base64url; only its SHA-256 is stored. */
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** When the refresh token dies unless used (idle timeout, capped by the family's lifetime). */
  refreshExpiresAt: string;
  /** The user service's session id, also the access token's `sid`. */
  sessionId: string;
}

export type RefreshTokenStatus = 'ACTIVE' | 'ROTATED' | 'REVOKED' | 'EXPIRED';

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  generation: number;
  status: RefreshTokenStatus;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  graceExpiresAt: Date | null;
  sessionId: string;
  /** The device the family was started on, if known. */
  deviceId: string | null;
  /** The sign-in's (or the latest step-up's) auth_time and amr, carried on by every rotation. */
  authentication: SessionAuthentication;
}

/** An access token that must be denied by jti until its expiry. */
export interface IssuedAccessToken {
  jti: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
}

/** What a revocation ended: access tokens to refuse, and the families (sign-ins) that stopped. */
export interface RevokedTokens {
  accessTokens: IssuedAccessToken[];
  families: Array<{ familyId: string; userId: string }>;
}

/** One denied access token as session_blacklist keeps it. */
export interface DeniedAccessToken {
  id: string;
  jti: string;
  expiresAt: Date;
}

export interface NewRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  parentId: string | null;
  generation: number;
  tokenHash: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  sessionId: string;
  deviceId?: string | null;
  ipAddress?: string;
  userAgent?: string;
  authentication: SessionAuthentication;
}
