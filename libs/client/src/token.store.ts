/** The tokens of one sign-in, as the client keeps them. */
export interface OrionSession {
  accessToken: string;
  /** Single-use: every refresh hands out a new one and the old one must never be sent again. */
  refreshToken: string;
  sessionId: string;
  /** When the access token expires, in epoch milliseconds of the client's clock. */
  accessTokenExpiresAt: number;
  /** When the refresh token dies if unused (ISO 8601, from the server). */
  refreshTokenExpiresAt: string;
}

/**
 * Where the session lives. The default keeps it in memory; a browser app may keep it in
 * sessionStorage, a backend in its own store. Both methods may be async.
 */
export interface TokenStore {
  get(): OrionSession | undefined | Promise<OrionSession | undefined>;
  /** undefined clears it (sign-out, or a refresh answered as reuse or revocation). */
  set(session: OrionSession | undefined): void | Promise<void>;
}

export function memoryTokenStore(initial?: OrionSession): TokenStore {
  let current = initial;
  return {
    get: () => current,
    set: (session) => {
      current = session;
    },
  };
}

/** The token pair fields every sign-in, MFA and refresh answer carries. */
export interface TokenPairAnswer {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  expiresIn: number;
  refreshExpiresAt: string;
}

export function sessionFrom(pair: TokenPairAnswer, now: number): OrionSession {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    sessionId: pair.sessionId,
    accessTokenExpiresAt: now + pair.expiresIn * 1000,
    refreshTokenExpiresAt: pair.refreshExpiresAt,
  };
}
