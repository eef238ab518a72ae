import {
  createOrionClient,
  OrionClient,
  OrionClientOptions,
  OrionProblemError,
  OrionSession,
  SignInResult,
} from '@orion/client';
import type { SinkMail, SmtpSink } from '@orion/testing';
import { SAMPLE_ADMIN } from '../../../prisma/sample-accounts';
import type { Platform, ServiceHandle } from '../harness';

/** A client of the running platform as a front end or backend makes one, with its own session. */
export function orionClient(platform: Platform, options: Partial<OrionClientOptions> = {}): OrionClient {
  return createOrionClient({
    authUrl: platform.auth.baseUrl,
    userUrl: platform.user.baseUrl,
    notificationUrl: platform.notification.baseUrl,
    ...options,
    headers: { 'user-agent': 'journey-tests/1.0', ...options.headers },
  });
}

/** Signs the seeded super-administrator in (the platform started with `seed: true`); its access token. */
export async function signInAsSampleAdmin(auth: ServiceHandle, headers: Record<string, string> = {}) {
  // Only the auth service is called.
  const client = createOrionClient({
    authUrl: auth.baseUrl,
    userUrl: auth.baseUrl,
    notificationUrl: auth.baseUrl,
    headers: { 'user-agent': 'journey-tests/1.0', ...headers },
  });
  const signIn = await client.signIn({
    email: SAMPLE_ADMIN.email,
    password: SAMPLE_ADMIN.developmentPassword,
  });
  return sessionOf(signIn).accessToken;
}

/** Fails with the answer in the message, so a broken step says what the service said. */
export function expectStatus(answer: { response: Response; data?: unknown }, status: number): void {
  if (answer.response.status !== status) {
    throw new Error(`expected ${status}, got ${answer.response.status}: ${JSON.stringify(answer.data)}`);
  }
}

/** The problem a call was answered with; fails when it succeeded. */
export async function problemOf(call: Promise<unknown>): Promise<OrionProblemError> {
  let answer: unknown;
  try {
    answer = await call;
  } catch (error) {
    if (error instanceof OrionProblemError) return error;
    throw error;
  }
  throw new Error(`expected a problem answer, got ${JSON.stringify(answer)}`);
}

/** The session of a sign-in that needed no second step. */
export function sessionOf(result: SignInResult<OrionSession>): OrionSession {
  if (result.status !== 'authenticated') throw new Error(`expected a session, got ${result.status}`);
  return result.session;
}

/** The second-factor challenge of a sign-in. */
export function challengeOf(result: SignInResult<OrionSession>) {
  if (result.status !== 'mfa_required') throw new Error(`expected a challenge, got ${result.status}`);
  return result.mfaRequired;
}

/** The first e-mail to `address` whose subject matches, waiting for it to arrive. */
export function mailTo(smtp: SmtpSink, address: string, subject: RegExp): Promise<SinkMail> {
  return smtp.waitForMessage(
    (mail) => mail.to.includes(address.toLowerCase()) && subject.test(mail.subject),
    20_000,
  );
}

/** The `token` query parameter of the first link in a mail's text. */
export function tokenFromLink(mail: Pick<SinkMail, 'subject' | 'text' | 'html'>): string {
  const match = /[?&]token=([A-Za-z0-9_%.~-]*[A-Za-z0-9_%~-])/.exec(mail.text ?? mail.html ?? '');
  if (!match) throw new Error(`no link with a token in "${mail.subject}"`);
  return decodeURIComponent(match[1]!);
}

/**
 * A client address of its own for each simulated person (sent as X-Forwarded-For through the
 * trusted local proxy), so per-address rate limits see many people, as in production.
 */
export function clientAddress(): Record<string, string> {
  const octet = () => Math.floor(Math.random() * 254) + 1;
  return { 'x-forwarded-for': `10.${octet()}.${octet()}.${octet()}` };
}

let counter = 0;
export function uniqueAddress(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}
