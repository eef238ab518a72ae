import { projectPreferences } from './preferences-projection';

const event = (notifications: Record<string, unknown>, timeZone?: string) => ({
  userId: '5b0c7d7e-7a0e-4f7e-9d55-0c1f8f3f2b6a',
  version: 4,
  notifications,
  locale: 'de-AT',
  ...(timeZone && { timeZone }),
  occurredAt: '2026-11-26T10:00:00.000Z',
});

describe('projectPreferences', () => {
  it('writes one choice per channel for each named category; unnamed channels stay on', () => {
    const { choices } = projectPreferences(
      event({ categories: { MARKETING: { channels: { EMAIL: false, SMS: true }, frequency: 'weekly' } } }),
    );
    expect(choices).toHaveLength(7);
    expect(choices.find((c) => c.channel === 'EMAIL')).toEqual({
      channel: 'EMAIL',
      category: 'MARKETING',
      enabled: false,
      frequency: 'weekly',
    });
    expect(choices.filter((c) => c.enabled)).toHaveLength(6);
  });

  it('ignores categories, channels and frequencies this service does not know', () => {
    const { choices } = projectPreferences(
      event({
        categories: {
          GAMES: { channels: { EMAIL: false }, frequency: 'daily' },
          SYSTEM: { channels: { FAX: false, EMAIL: 'no' }, frequency: 'fortnightly' },
        },
      }),
    );
    expect(new Set(choices.map((c) => c.category))).toEqual(new Set(['SYSTEM']));
    expect(choices.every((c) => c.enabled && c.frequency === 'immediate')).toBe(true);
  });

  it("reads quiet hours in their own zone, else the user's localization zone", () => {
    const own = projectPreferences(
      event({ quietHours: { start: '22:00', end: '07:00', timeZone: 'Asia/Tokyo' } }, 'Europe/Vienna'),
    );
    expect(own.settings).toMatchObject({
      quietHoursStart: '22:00',
      quietHoursEnd: '07:00',
      timeZone: 'Asia/Tokyo',
    });
    const inherited = projectPreferences(
      event({ quietHours: { start: '22:00', end: '07:00' } }, 'Europe/Vienna'),
    );
    expect(inherited.settings.timeZone).toBe('Europe/Vienna');
  });

  it('drops malformed quiet hours and unknown zones instead of failing the event', () => {
    const { settings } = projectPreferences(
      event({ quietHours: { start: '25:00', end: '07:00' } }, 'Mars/Olympus'),
    );
    expect(settings).toMatchObject({ quietHoursStart: null, quietHoursEnd: null, timeZone: null });
  });

  it('keeps the version, locale and time of the change', () => {
    const projected = projectPreferences(event({}));
    expect(projected.settings).toMatchObject({ version: 4, locale: 'de-AT' });
    expect(projected.occurredAt).toEqual(new Date('2026-11-26T10:00:00.000Z'));
    expect(projected.choices).toEqual([]);
  });
});
