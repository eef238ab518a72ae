import createClient, { type Middleware } from 'openapi-fetch';
import { apiKeyMiddleware, problemMiddleware, sessionMiddleware } from './client.middleware';
import type {
  AuthClient,
  AuthPaths,
  CompleteMfaInput,
  MfaChallenge,
  NotificationClient,
  NotificationPaths,
  OrionClientOptions,
  SendNotificationAnswer,
  SendNotificationBody,
  SendOptions,
  SignInInput,
  SignInResult,
  UserClient,
  UserPaths,
} from './client.types';
import { InboxStreamClient, type InboxStream, type InboxStreamOptions } from './inbox-stream.client';
import { SignInClient } from './sign-in.client';
import { TokenRefreshService } from './token-refresh.service';
import { memoryTokenStore, type OrionSession } from './token.store';

export interface OrionClient {
  /** Typed clients of each service (openapi-fetch); paths start with /api/v1. Problems throw. */
  auth: AuthClient;
  user: UserClient;
  notification: NotificationClient;

  /** Either a session (kept in the token store) or the second-factor challenge to answer. */
  signIn(input: SignInInput): Promise<SignInResult<OrionSession>>;
  /** Answers the challenge of a sign-in; the session goes to the token store. */
  completeMfa(input: CompleteMfaInput): Promise<{ session: OrionSession; deviceToken?: string }>;
  sendMfaCode(input: { challenge: MfaChallenge | string; method: 'sms' | 'email' }): Promise<unknown>;
  /** Rotates the refresh token now (sharing a refresh already in flight). */
  refresh(): Promise<OrionSession | undefined>;
  signOut(): Promise<void>;
  session(): Promise<OrionSession | undefined>;

  /** POST /notifications (X-API-Key or a user holding notifications:send). */
  sendNotification(
    body: SendNotificationBody,
    options?: SendOptions,
  ): Promise<SendNotificationAnswer & { status: number }>;
  inbox: {
    /** The caller's new inbox items as an async iterator, reconnecting and catching up. */
    stream(options?: InboxStreamOptions): InboxStream;
    subscribe: InboxStreamClient['subscribe'];
  };
}

/**
 * A client of the three Orion services for front ends (a session with rotating refresh) and
 * backends (an API key). Every problem answer is thrown as an OrionProblemError.
 */
export function createOrionClient(options: OrionClientOptions): OrionClient {
  const fetchImpl = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const now = options.now ?? Date.now;
  const store = options.tokenStore ?? memoryTokenStore();
  const base = (baseUrl: string) => ({
    baseUrl,
    fetch: fetchImpl,
    ...(options.headers && { headers: options.headers }),
  });

  // Public routes (sign-in, MFA, refresh) go without the session, so a refresh never refreshes.
  const publicAuth = createClient<AuthPaths>(base(options.authUrl));
  publicAuth.use(problemMiddleware);
  const tokens = new TokenRefreshService({
    store,
    now,
    leewayMs: (options.refreshLeewaySeconds ?? 30) * 1000,
    refresh: async (refreshToken) => {
      const { data } = await publicAuth.POST('/api/v1/auth/token/refresh', { body: { refreshToken } });
      if (!data) throw new Error('The refresh answer had no body.');
      return data;
    },
  });
  const credentials: Middleware = options.apiKey
    ? apiKeyMiddleware(options.apiKey)
    : sessionMiddleware(tokens);
  const withCredentials = <C extends { use(...m: Middleware[]): void }>(client: C): C => {
    // openapi-fetch runs onResponse last-registered first: a retried 401 is seen before it throws.
    client.use(problemMiddleware, credentials);
    return client;
  };
  const auth = withCredentials(createClient<AuthPaths>(base(options.authUrl)));
  const user = withCredentials(createClient<UserPaths>(base(options.userUrl)));
  const notification = withCredentials(createClient<NotificationPaths>(base(options.notificationUrl)));
  const signIn = new SignInClient({ auth: publicAuth, store, now });
  const inbox = new InboxStreamClient(notification);

  return {
    auth,
    user,
    notification,
    signIn: (input) => signIn.signIn(input),
    completeMfa: (input) => signIn.completeMfa(input),
    sendMfaCode: (input) => signIn.sendMfaCode(input),
    refresh: async () => tokens.refreshAfter(),
    signOut: () => signIn.signOut(),
    session: async () => store.get(),
    async sendNotification(body, sendOptions = {}) {
      const { data, response } = await notification.POST('/api/v1/notifications', {
        body: { ...body, ...(sendOptions.idempotencyKey && { idempotencyKey: sendOptions.idempotencyKey }) },
      });
      if (!data) throw new Error('The send answer had no body.');
      return { ...data, status: response.status };
    },
    inbox: {
      stream: (streamOptions) => inbox.stream(streamOptions),
      subscribe: (onItem, streamOptions) => inbox.subscribe(onItem, streamOptions),
    },
  };
}
