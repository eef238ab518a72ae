/**
 * Delay before the next try: exponential (base × 2^(try − 1)) up to the cap, with "equal jitter"
 * (half fixed, half random) so failures that happened together do not retry in step. A provider's
 * Retry-After wins when it asks for longer.
 */
export function retryDelayMs(
  attempt: number,
  settings: { baseMs: number; maxMs: number },
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential / 2 + random() * (exponential / 2));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, settings.maxMs));
}

/** Thrown by the delivery service to have BullMQ retry the job after `delayMs` (read by the backoff strategy). */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}
