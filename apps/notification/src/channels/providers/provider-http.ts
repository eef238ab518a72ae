import { PermanentDeliveryError, TransientDeliveryError } from '../channel-provider';

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

/**
 * One HTTP call to a provider. Network errors and timeouts become transient errors; the response,
 * whatever its status, is returned for the provider to judge (see failIfUnsuccessful).
 */
export async function callProvider(url: string, request: ProviderRequest): Promise<ProviderResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new TransientDeliveryError(
      timedOut
        ? `no answer within ${request.timeoutMs} ms`
        : `connection failed: ${cause?.message ?? String(error)}`,
      { code: timedOut ? 'TIMEOUT' : (cause?.code ?? 'CONNECTION_FAILED') },
    );
  }
  const text = await response.text().catch(() => '');
  let json: unknown;
  if (/json/i.test(response.headers.get('content-type') ?? '')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
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
export function failIfUnsuccessful(provider: string, response: ProviderResponse): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  const details = { code: `HTTP_${status}`, response: responseSummary(response) };
  if (isTransientStatus(status)) {
    throw new TransientDeliveryError(`${provider} answered ${status}`, {
      ...details,
      retryAfterMs: retryAfterMs(response.headers),
    });
  }
  throw new PermanentDeliveryError(`${provider} answered ${status}`, details);
}
