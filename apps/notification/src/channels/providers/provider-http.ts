import { Logger } from '@nestjs/common';
import { Dispatcher, request as httpRequest } from 'undici';
import { PermanentDeliveryError, TransientDeliveryError } from '../channel-provider';
import { refusalIn } from '../outbound/outbound.errors';

export interface ProviderResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON when it is JSON; undefined otherwise. */
  json?: unknown;
}

export interface ProviderRequest {
  method?: 'POST' | 'GET';
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
}

/** More of an answer than any provider needs: the rest is not read. */
const MAX_RESPONSE_BYTES = 64 * 1024;

const logger = new Logger('ProviderHttp');

/** Scheme, host and port only: paths of chat webhooks are credentials and stay out of logs. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

async function readText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const bytes = Buffer.from(chunk as Uint8Array);
      chunks.push(bytes.subarray(0, MAX_RESPONSE_BYTES - size));
      size += bytes.length;
      if (size >= MAX_RESPONSE_BYTES) break;
    }
  } catch {
    // A body cut short still leaves the status to judge.
  }
  return Buffer.concat(chunks).toString('utf8');
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, item);
    }
  }
  return headers;
}

/**
 * What the caller (the attempt record, the notification's last error) learns of a failed
 * connection: refused, timed out or failed, never the reason a socket or TLS gave (ports,
 * certificates, internal names). The detail is logged.
 */
function deliveryErrorOf(
  error: unknown,
  url: string,
  timeoutMs: number,
  signal: AbortSignal,
): PermanentDeliveryError | TransientDeliveryError {
  const refusal = refusalIn(error);
  if (refusal) {
    logger.warn(`refused a request to ${originOf(url)}: ${refusal.message}`);
    return new PermanentDeliveryError('target refused: address not allowed', {
      code: 'TARGET_ADDRESS_REFUSED',
    });
  }
  if (signal.aborted)
    return new TransientDeliveryError(`no answer within ${timeoutMs} ms`, { code: 'TIMEOUT' });
  const cause = (error as { cause?: unknown }).cause;
  const detail = [error, cause]
    .filter((e): e is { code?: string; message?: string } => typeof e === 'object' && e !== null)
    .map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim())
    .join(' / ');
  logger.warn(`request to ${originOf(url)} failed: ${detail || String(error)}`);
  return new TransientDeliveryError('connection failed', { code: 'CONNECTION_FAILED' });
}

/**
 * One HTTP call to a provider, through `dispatcher` when given (OutboundHttpClient's, for
 * caller-chosen URLs) or undici's default one (providers at fixed, configured hosts). Redirects
 * are not followed. Network errors and timeouts become transient errors, a refused address a
 * permanent one; the response, whatever its status, is returned for the provider to judge (see
 * failIfUnsuccessful).
 */
export async function callProvider(
  url: string,
  request: ProviderRequest,
  dispatcher?: Dispatcher,
): Promise<ProviderResponse> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  let response: Dispatcher.ResponseData;
  try {
    response = await httpRequest(url, {
      method: request.method ?? 'POST',
      headers: request.headers,
      body: request.body,
      signal,
      ...(dispatcher ? { dispatcher } : {}),
    });
  } catch (error) {
    throw deliveryErrorOf(error, url, request.timeoutMs, signal);
  }
  const text = await readText(response.body);
  const headers = headersOf(response.headers);
  let json: unknown;
  if (/json/i.test(headers.get('content-type') ?? '')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.statusCode, headers, text, json };
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

/** A short, safe excerpt of the provider's answer for the attempt record. */
export function responseSummary(response: ProviderResponse): Record<string, unknown> {
  return {
    status: response.status,
    body: response.json ?? (response.text.length > 500 ? `${response.text.slice(0, 500)}…` : response.text),
  };
}

/** 408, 429 and 5xx: the same request may succeed later. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The common HTTP rule: 2xx succeeds; 408, 429 and 5xx are transient (429 honours Retry-After);
 * every other status (4xx, and 3xx as redirects are not followed) is permanent.
 */
export function failIfUnsuccessful(provider: string, response: ProviderResponse, now: Date): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  const details = { code: `HTTP_${status}`, response: responseSummary(response) };
  if (isTransientStatus(status)) {
    throw new TransientDeliveryError(`${provider} answered ${status}`, {
      ...details,
      retryAfterMs: retryAfterMs(response.headers, now),
    });
  }
  throw new PermanentDeliveryError(`${provider} answered ${status}`, details);
}
