/**
 * Quiet hours: a daily window of local wall-clock time ("22:00" to "07:00", possibly across
 * midnight) in the user's IANA time zone. All zone arithmetic goes through Intl, so daylight
 * saving changes and historical offsets come from the runtime's time-zone database.
 */
export interface QuietHours {
  /** "HH:mm", 24-hour. */
  start: string;
  end: string;
  /** IANA zone, e.g. "Pacific/Auckland". */
  timeZone: string;
}

interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time at `instant` in `timeZone`. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** The zone's offset from UTC at `instant`, in milliseconds (as Intl reports it). */
function offsetAt(instant: number, timeZone: string): number {
  const local = localDateTime(new Date(instant), timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant after `after` at which the wall clock in `timeZone` shows `local`.
 * A time repeated when clocks go back resolves to its first occurrence still ahead; a time
 * skipped when clocks go forward resolves as if read with the offset before the change
 * (02:30 in a 02:00→03:00 gap becomes 03:30), as Temporal's "compatible" disambiguation does.
 */
export function instantOfLocal(local: LocalDateTime, timeZone: string, after: Date): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The offsets in force a day either side cover any single transition near this wall time.
  const offsets = [...new Set([offsetAt(wall - DAY, timeZone), offsetAt(wall + DAY, timeZone)])];
  const matching = offsets
    .map((offset) => wall - offset)
    .filter((candidate) => {
      const shown = localDateTime(new Date(candidate), timeZone);
      return shown.hour === local.hour && shown.minute === local.minute && shown.day === local.day;
    })
    .sort((a, b) => a - b);
  const ahead = matching.find((candidate) => candidate > after.getTime());
  if (ahead !== undefined) return new Date(ahead);
  if (matching.length > 0) return new Date(matching[matching.length - 1]);
  // Skipped wall time: read it with the earlier (pre-transition) offset.
  return new Date(wall - offsetAt(wall - DAY, timeZone));
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The calendar day after the given one (pure calendar arithmetic, no time zone involved). */
function nextDay(local: LocalDateTime): Pick<LocalDateTime, 'year' | 'month' | 'day'> {
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/**
 * When `now` falls inside the quiet hours, the instant they end; otherwise null. A window whose
 * start equals its end is empty.
 */
export function quietPeriodEnd(now: Date, quiet: QuietHours): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = localDateTime(now, quiet.timeZone);
  const current = local.hour * 60 + local.minute;
  const spansMidnight = start > end;
  const inside = spansMidnight ? current >= start || current < end : current >= start && current < end;
  if (!inside) return null;
  // Before midnight in a window that spans it, the window ends on the next local day.
  const endDay = spansMidnight && current >= start ? nextDay(local) : local;
  return instantOfLocal({ ...endDay, hour: Math.floor(end / 60), minute: end % 60 }, quiet.timeZone, now);
}

/** True when the runtime knows the zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
