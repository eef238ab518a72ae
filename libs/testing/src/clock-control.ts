import type { Clock } from '@orion/core';

export interface ClockControl {
  /** Moves the app's "now" forward (or back, with a negative amount) by `ms`. */
  advance(ms: number): void;
  /** Puts the app's "now" at `instant`; real time keeps flowing from there. */
  setTo(instant: Date): void;
  /** How far the app's "now" is from the wall clock, in ms. */
  readonly offsetMs: number;
  /** Back to the wall clock. */
  restore(): void;
}

/**
 * Takes over an app's Clock (`app.get(Clock)`) so a test moves time for every rule at once
 * instead of sleeping until a grace window, a grant or a lock has passed. Time keeps flowing
 * while the test runs, so intervals measured inside one request stay realistic.
 */
export function controlClock(clock: Clock): ClockControl {
  const wallClock = clock.now.bind(clock);
  let offset = 0;
  clock.now = () => new Date(wallClock().getTime() + offset);
  return {
    advance: (ms) => {
      offset += ms;
    },
    setTo: (instant) => {
      offset = instant.getTime() - wallClock().getTime();
    },
    get offsetMs() {
      return offset;
    },
    restore: () => {
      offset = 0;
    },
  };
}
