import type { AuthClient, CompleteMfaInput, MfaChallenge, SignInInput, SignInResult } from './client.types';
import { OrionSession, sessionFrom, TokenStore } from './token.store';

export interface SignInDependencies {
  /** The auth service without session middleware: these routes are public. */
  auth: AuthClient;
  store: TokenStore;
  now: () => number;
}

const challengeToken = (challenge: MfaChallenge | string) =>
  typeof challenge === 'string' ? challenge : challenge.token;

/** Sign-in in one or two steps, and sign-out; every session goes to the token store. */
export class SignInClient {
  constructor(private readonly deps: SignInDependencies) {}

  async signIn(input: SignInInput): Promise<SignInResult<OrionSession>> {
    const { data } = await this.deps.auth.POST('/api/v1/auth/sign-in', {
      body: {
        email: input.email,
        password: input.password,
        ...(input.deviceId && { deviceId: input.deviceId }),
      },
      ...(input.deviceToken && { headers: { 'x-device-token': input.deviceToken } }),
    });
    if (!data) throw new Error('The sign-in answer had no body.');
    if (data.status === 'mfa_required' && data.mfa) {
      const { challengeToken: token, methods, expiresAt } = data.mfa;
      return { status: 'mfa_required', mfaRequired: { token, methods, expiresAt } };
    }
    return { status: 'authenticated', session: await this.keep(data) };
  }

  async completeMfa(input: CompleteMfaInput): Promise<{ session: OrionSession; deviceToken?: string }> {
    const { data } = await this.deps.auth.POST('/api/v1/auth/mfa/verify', {
      body: {
        challengeToken: challengeToken(input.challenge),
        method: input.method,
        ...(input.code !== undefined && { code: input.code }),
        ...(input.credential && { credential: input.credential }),
        ...(input.trustDevice !== undefined && { trustDevice: input.trustDevice }),
      },
    });
    if (!data) throw new Error('The verification answer had no body.');
    const session = await this.keep(data);
    return data.deviceToken ? { session, deviceToken: data.deviceToken } : { session };
  }

  /** Sends a sign-in code by SMS or e-mail for the challenge; a new code replaces the last. */
  async sendMfaCode(input: { challenge: MfaChallenge | string; method: 'sms' | 'email' }) {
    const { data } = await this.deps.auth.POST('/api/v1/auth/mfa/send', {
      body: { challengeToken: challengeToken(input.challenge), method: input.method },
    });
    return data;
  }

  /** Ends this session on the server (its refresh and access tokens stop working) and forgets it. */
  async signOut(): Promise<void> {
    const session = await this.deps.store.get();
    if (!session) return;
    await this.deps.store.set(undefined);
    await this.deps.auth.POST('/api/v1/auth/sign-out', {
      // The store is already empty, so the middleware adds no token: send this session's.
      headers: { authorization: `Bearer ${session.accessToken}` },
      body: { refreshToken: session.refreshToken },
    });
  }

  private async keep(pair: Parameters<typeof sessionFrom>[0]): Promise<OrionSession> {
    const session = sessionFrom(pair, this.deps.now());
    await this.deps.store.set(session);
    return session;
  }
}
