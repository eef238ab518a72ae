import { Injectable } from '@nestjs/common';

/**
 * The time rules are judged at. One instance per app (CoreModule provides it), so a test can move
 * every rule's "now" at once instead of sleeping; nothing else should call `new Date()` for a rule.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** For code that may run without CoreModule (library test apps): the real time. */
export const SYSTEM_CLOCK = new Clock();
