import { Clock } from '@orion/core';
import { controlClock } from './clock-control';
import { eventually } from './waiting';

describe('eventually', () => {
  it('returns the first answer that is not undefined, null or false', async () => {
    const answers = [undefined, null, false, 'ready'];
    await expect(eventually(() => answers.shift(), 'an answer', { intervalMs: 1 })).resolves.toBe('ready');
  });

  it('fails naming what it waited for', async () => {
    await expect(
      eventually(() => false, 'the sky to fall', { timeoutMs: 20, intervalMs: 5 }),
    ).rejects.toThrow(/waiting for the sky to fall/);
  });
});

describe('controlClock', () => {
  it('moves one app clock by the amount asked, and back', () => {
    const clock = new Clock();
    const control = controlClock(clock);
    const before = Date.now();
    control.advance(60_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before + 60_000);
    control.setTo(new Date('2030-01-01T00:00:00Z'));
    expect(Math.abs(clock.now().getTime() - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(1_000);
    control.restore();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1_000);
    expect(new Clock().now().getTime()).toBeLessThan(before + 60_000);
  });
});
