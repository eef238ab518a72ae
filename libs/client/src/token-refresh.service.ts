import { OrionProblemError, OrionSessionEndedError } from './client.errors';
import { OrionSession, sessionFrom, TokenPairAnswer, TokenStore } from './token.store';

/** POST /auth/token/refresh: the new pair, or throws OrionProblemError (or a network error). */
export type RefreshCall = (refreshToken: string) => Promise<TokenPairAnswer>;

export interface TokenRefreshOptions {
  store: TokenStore;
  refresh: RefreshCall;
  /** Epoch milliseconds; injectable so tests move time instead of waiting. */
  now: () => number;
  /** Refresh before a request when the access token has less than this left. */
  leewayMs: number;
}

/** The problem a refresh token this client already presented stands for; it is never sent again. */
const UNANSWERED = {
  status: 401,
  code: 'REFRESH_TOKEN_INVALID',
  title: 'Unauthorized',
  detail: 'The last refresh got no answer and its token may have been rotated; sign in again.',
};

/**
 * Rotating refresh with one refresh in flight per client (single-flight). The server rotates the
 * refresh token on every use and treats a rotated token presented again after its short grace
 * window (meant for other tabs or devices racing) as theft, ending the sign-in. So this client
 * presents each refresh token at most once: concurrent callers share the refresh in flight, and
 * a caller whose token was already replaced gets the stored successor instead of refreshing.
 */
export class TokenRefreshService {
  private inFlight: Promise<OrionSession> | undefined;
  /** Refresh tokens this client has presented; a store handing one back again is not trusted. */
  private readonly presented = new Set<string>();

  constructor(private readonly options: TokenRefreshOptions) {}

  /** The access token to send now, refreshed first when it is about to expire. */
  async accessToken(): Promise<string | undefined> {
    const session = await this.options.store.get();
    if (!session) return undefined;
    if (this.options.now() < session.accessTokenExpiresAt - this.options.leewayMs) return session.accessToken;
    return (await this.refreshAfter(session.accessToken))?.accessToken;
  }

  /**
   * A session newer than the one `staleAccessToken` belongs to: the stored one if another call
   * already refreshed, else the result of the one refresh in flight. Undefined when signed out.
   */
  async refreshAfter(staleAccessToken?: string): Promise<OrionSession | undefined> {
    if (this.inFlight) return this.inFlight;
    const session = await this.options.store.get();
    // The store may be async: another caller can have started the refresh meanwhile.
    if (this.inFlight) return this.inFlight;
    if (!session) return undefined;
    if (staleAccessToken !== undefined && session.accessToken !== staleAccessToken) return session;
    this.inFlight = this.rotate(session).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async rotate(session: OrionSession): Promise<OrionSession> {
    const { store } = this.options;
    if (this.presented.has(session.refreshToken)) {
      await store.set(undefined);
      throw new OrionSessionEndedError(new OrionProblemError(401, UNANSWERED));
    }
    this.presented.add(session.refreshToken);
    let pair: TokenPairAnswer;
    try {
      pair = await this.options.refresh(session.refreshToken);
    } catch (error) {
      if (error instanceof OrionProblemError && OrionSessionEndedError.is(error)) {
        await store.set(undefined);
        throw new OrionSessionEndedError(error);
      }
      // Refused before rotating (4xx, or 503 while the user service is down): still unused.
      // Without an answer, or after another 5xx, nobody knows, so it is never presented again.
      if (error instanceof OrionProblemError && (error.status < 500 || error.status === 503)) {
        this.presented.delete(session.refreshToken);
      }
      throw error;
    }
    const next = sessionFrom(pair, this.options.now());
    await store.set(next);
    return next;
  }
}
