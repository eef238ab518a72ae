import type { Client } from 'openapi-fetch';
import type { components as AuthComponents, paths as AuthPaths } from './generated/auth';
import type {
  components as NotificationComponents,
  paths as NotificationPaths,
} from './generated/notification';
import type { paths as UserPaths } from './generated/user';
import type { TokenStore } from './token.store';

export type { AuthPaths, NotificationPaths, UserPaths };
export type AuthClient = Client<AuthPaths>;
export type UserClient = Client<UserPaths>;
export type NotificationClient = Client<NotificationPaths>;

export type FetchFunction = (input: Request) => Promise<Response>;

export interface OrionClientOptions {
  /** Where each service answers, e.g. https://auth.example.com (the /api/v1 prefix is in the paths). */
  authUrl: string;
  userUrl: string;
  notificationUrl: string;
  /** globalThis.fetch by default. */
  fetch?: FetchFunction;
  /** Where the session is kept; in memory by default. Ignored with apiKey. */
  tokenStore?: TokenStore;
  /** Backends: sent as X-API-Key on every request; no session, no refresh. */
  apiKey?: string;
  /** Sent on every request (e.g. a User-Agent of your app). */
  headers?: Record<string, string>;
  /** Refresh before a request when the access token has less than this left; 30 by default. */
  refreshLeewaySeconds?: number;
  /** Epoch milliseconds; Date.now by default. */
  now?: () => number;
}

export type MfaMethod = AuthComponents['schemas']['VerifyMfaDto']['method'];

/** The second step a sign-in asked for. */
export interface MfaChallenge {
  /** For completeMfa (and sendMfaCode); short-lived and single-use. */
  token: string;
  /** What the account can answer with, e.g. totp, backup_code, webauthn, sms, email. */
  methods: string[];
  expiresAt: string;
}

export interface SignInInput {
  email: string;
  password: string;
  /** A random id the app generated once and keeps, so the device is recognised. */
  deviceId?: string;
  /** The deviceToken of an earlier completeMfa with trustDevice: skips the second factor. */
  deviceToken?: string;
}

export type SignInResult<Session> =
  { status: 'authenticated'; session: Session } | { status: 'mfa_required'; mfaRequired: MfaChallenge };

export interface CompleteMfaInput {
  challenge: MfaChallenge | string;
  method: MfaMethod;
  /** totp, sms, email: six digits; backup_code: one of the recovery codes. */
  code?: string;
  /** webauthn: the AuthenticationResponseJSON of navigator.credentials.get(). */
  credential?: Record<string, unknown>;
  /** Answer with a deviceToken that skips the second factor on this device later. */
  trustDevice?: boolean;
}

export type SendNotificationBody = NotificationComponents['schemas']['SendNotificationDto'];
export type SendNotificationAnswer = NotificationComponents['schemas']['SendNotificationResponseDto'];
export type InboxItem = NotificationComponents['schemas']['InboxItemDto'];

export interface SendOptions {
  /**
   * The same key from the same caller never sends twice: a retry is answered with the first
   * notifications (created false). Carried as the body's idempotencyKey, which the service reads.
   */
  idempotencyKey?: string;
}
