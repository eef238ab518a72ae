import { instantOfLocal, localDateTime, quietPeriodEnd } from './quiet-hours';

const NIGHT = { start: '22:00', end: '07:00' };
const at = (iso: string) => new Date(iso);

describe('quietPeriodEnd', () => {
  describe('one instant, two users on opposite sides of the date line', () => {
    // 09:30Z on 15 July: 21:30 on the 15th in Auckland (NZST, +12), 02:30 on the 15th in Los Angeles (PDT, -7).
    const now = at('2026-07-15T09:30:00Z');

    it('lets the Auckland user be reached: the evening has not reached 22:00 yet', () => {
      expect(quietPeriodEnd(now, { ...NIGHT, timeZone: 'Pacific/Auckland' })).toBeNull();
    });

    it('holds the Los Angeles user until 07:00 Pacific daylight time', () => {
      expect(quietPeriodEnd(now, { ...NIGHT, timeZone: 'America/Los_Angeles' })).toEqual(
        at('2026-07-15T14:00:00Z'),
      );
    });

    it('holds the Auckland user half an hour later until 07:00 on their next day', () => {
      expect(quietPeriodEnd(at('2026-07-15T10:00:00Z'), { ...NIGHT, timeZone: 'Pacific/Auckland' })).toEqual(
        at('2026-07-15T19:00:00Z'),
      );
    });
  });

  describe('a window across midnight', () => {
    const utc = { ...NIGHT, timeZone: 'UTC' };

    it('before midnight ends on the next day', () => {
      expect(quietPeriodEnd(at('2026-12-31T23:30:00Z'), utc)).toEqual(at('2027-01-01T07:00:00Z'));
    });

    it('after midnight ends the same day', () => {
      expect(quietPeriodEnd(at('2027-01-01T06:59:00Z'), utc)).toEqual(at('2027-01-01T07:00:00Z'));
    });

    it('includes its start and excludes its end', () => {
      expect(quietPeriodEnd(at('2026-05-01T22:00:00Z'), utc)).toEqual(at('2026-05-02T07:00:00Z'));
      expect(quietPeriodEnd(at('2026-05-01T07:00:00Z'), utc)).toBeNull();
      expect(quietPeriodEnd(at('2026-05-01T21:59:00Z'), utc)).toBeNull();
    });
  });

  it('handles a window within one day', () => {
    const lunch = { start: '12:00', end: '13:30', timeZone: 'Europe/Berlin' };
    expect(quietPeriodEnd(at('2026-06-01T10:15:00Z'), lunch)).toEqual(at('2026-06-01T11:30:00Z'));
    expect(quietPeriodEnd(at('2026-06-01T11:30:00Z'), lunch)).toBeNull();
    expect(quietPeriodEnd(at('2026-06-01T09:59:00Z'), lunch)).toBeNull();
  });

  it('treats a window whose start equals its end as empty', () => {
    expect(
      quietPeriodEnd(at('2026-06-01T10:00:00Z'), { start: '10:00', end: '10:00', timeZone: 'UTC' }),
    ).toBeNull();
  });

  describe('days on which the clocks change', () => {
    it('ends at 07:00 daylight time the morning clocks go forward (Los Angeles, 8 March 2026)', () => {
      // 22:00 PST on the 7th; 07:00 PDT is only eight real hours later, not nine.
      const now = at('2026-03-08T06:00:00Z');
      expect(quietPeriodEnd(now, { ...NIGHT, timeZone: 'America/Los_Angeles' })).toEqual(
        at('2026-03-08T14:00:00Z'),
      );
    });

    it('ends at 07:00 standard time the morning clocks go back (Los Angeles, 1 November 2026)', () => {
      const now = at('2026-11-01T05:00:00Z'); // 22:00 PDT on 31 October
      expect(quietPeriodEnd(now, { ...NIGHT, timeZone: 'America/Los_Angeles' })).toEqual(
        at('2026-11-01T15:00:00Z'),
      );
    });

    it('ends at 07:00 NZDT the morning New Zealand clocks go forward (27 September 2026)', () => {
      const now = at('2026-09-26T10:00:00Z'); // 22:00 NZST on the 26th
      expect(quietPeriodEnd(now, { ...NIGHT, timeZone: 'Pacific/Auckland' })).toEqual(
        at('2026-09-26T18:00:00Z'),
      );
    });

    it('moves an end inside the skipped hour forward by the gap, as Temporal does', () => {
      // 02:30 does not exist in Los Angeles on 8 March 2026; it is read as 02:30 PST = 03:30 PDT.
      const now = at('2026-03-08T07:00:00Z'); // 23:00 PST on the 7th
      expect(quietPeriodEnd(now, { start: '22:00', end: '02:30', timeZone: 'America/Los_Angeles' })).toEqual(
        at('2026-03-08T10:30:00Z'),
      );
    });

    it('ends at the first 01:30 still ahead when the hour repeats', () => {
      const window = { start: '00:00', end: '01:30', timeZone: 'America/Los_Angeles' };
      // 00:30 PDT: the first 01:30 (PDT) is ahead.
      expect(quietPeriodEnd(at('2026-11-01T07:30:00Z'), window)).toEqual(at('2026-11-01T08:30:00Z'));
      // 01:15 PST, in the repeated hour: the first 01:30 has passed, the second (PST) is ahead.
      expect(quietPeriodEnd(at('2026-11-01T09:15:00Z'), window)).toEqual(at('2026-11-01T09:30:00Z'));
    });
  });
});

describe('instantOfLocal and localDateTime', () => {
  it('agree with each other around the world', () => {
    const local = { year: 2026, month: 3, day: 29, hour: 12, minute: 45 };
    for (const zone of [
      'UTC',
      'Europe/London',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'America/St_Johns',
    ]) {
      const instant = instantOfLocal(local, zone, at('2026-01-01T00:00:00Z'));
      expect(localDateTime(instant, zone)).toMatchObject(local);
    }
  });
});
