import type { SinkMail, SmtpSink } from '@orion/testing';
import type { ServiceHandle } from '../harness';
import { SAMPLE_ADMIN } from '../../../prisma/sample-accounts';

// Bodies are whatever the service answered; the journeys' assertions are their type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ApiAnswer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiOptions {
  body?: unknown;
  bearer?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

/** One HTTP call to a running service, as a front end or a backend would make it. */
export async function api<T = Json>(
  service: ServiceHandle,
  method: string,
  path: string,
  options: ApiOptions = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { 'user-agent': 'journey-tests/1.0', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  const response = await fetch(`${service.baseUrl}/api/v1${path}`, {
    method,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** Signs the seeded super-administrator in (the platform started with `seed: true`); its access token. */
export async function signInAsSampleAdmin(auth: ServiceHandle, headers: Record<string, string> = {}) {
  const signIn = await api(auth, 'POST', '/auth/sign-in', {
    body: { email: SAMPLE_ADMIN.email, password: SAMPLE_ADMIN.developmentPassword },
    headers,
  });
  expectStatus(signIn, 200);
  return signIn.body.accessToken as string;
}

/** Fails with the answer in the message, so a broken step says what the service said. */
export function expectStatus(answer: ApiAnswer, status: number): void {
  if (answer.status !== status) {
    throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** The first e-mail to `address` whose subject matches, waiting for it to arrive. */
export function mailTo(smtp: SmtpSink, address: string, subject: RegExp): Promise<SinkMail> {
  return smtp.waitForMessage(
    (mail) => mail.to.includes(address.toLowerCase()) && subject.test(mail.subject),
    20_000,
  );
}

/** The `token` query parameter of the first link in a mail's text. */
export function tokenFromLink(mail: SinkMail): string {
  const match = /[?&]token=([A-Za-z0-9_%.~-]*[A-Za-z0-9_%~-])/.exec(mail.text ?? mail.html ?? '');
  if (!match) throw new Error(`no link with a token in "${mail.subject}"`);
  return decodeURIComponent(match[1]!);
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
