import { retryDelayMs } from './retry-backoff';

const settings = { baseMs: 1000, maxMs: 60_000 };

describe('retry backoff', () => {
  it('doubles per try, between half and all of the exponential delay', () => {
    expect(retryDelayMs(1, settings, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, settings, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(3, settings, undefined, () => 0)).toBe(2000);
    expect(retryDelayMs(3, settings, undefined, () => 1)).toBe(4000);
  });

  it('never exceeds the cap', () => {
    expect(retryDelayMs(30, settings, undefined, () => 1)).toBe(60_000);
  });

  it("waits at least as long as the provider's Retry-After, up to the cap", () => {
    expect(retryDelayMs(1, settings, 10_000, () => 0)).toBe(10_000);
    expect(retryDelayMs(1, settings, 10_000_000, () => 0)).toBe(60_000);
  });

  it('spreads concurrent retries (jitter)', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(4, settings)));
    expect(delays.size).toBeGreaterThan(1);
  });
});
