/** Waits `ms`, or less when `signal` aborts: loops stop at once on shutdown. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Exponential backoff after consecutive failures, with jitter so replicas do not retry in step. */
export function backoffMs(failures: number, baseMs: number, capMs = 10_000): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.min(failures - 1, 16));
  return Math.round(exponential / 2 + (Math.random() * exponential) / 2);
}
